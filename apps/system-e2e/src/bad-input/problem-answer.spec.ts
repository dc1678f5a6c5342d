import { problemViolations } from './problem-answer';

const problem = (status: number): string =>
  JSON.stringify({ type: 'https://vantage.dev/problems/x', title: 'X', status });

describe('problemViolations', () => {
  it('accepts 2xx answers of any kind and 4xx problem+json documents', () => {
    expect(problemViolations({ status: 201, contentType: 'application/json', text: '{}' })).toEqual(
      [],
    );
    expect(
      problemViolations({
        status: 400,
        contentType: 'application/problem+json; charset=utf-8',
        text: problem(400),
      }),
    ).toEqual([]);
  });

  it('refuses any 5xx, problem+json or not', () => {
    expect(
      problemViolations({
        status: 503,
        contentType: 'application/problem+json',
        text: problem(503),
      }),
    ).toHaveLength(1);
  });

  it('refuses a 4xx in plain JSON, without type or title, or with another status', () => {
    const fastify = JSON.stringify({ statusCode: 431, error: 'Too Large', message: 'x' });
    expect(
      problemViolations({ status: 431, contentType: 'application/json', text: fastify }),
    ).toEqual([
      '431 with content-type "application/json", not problem+json',
      '431 problem has no type',
      '431 problem has no title',
      'problem status undefined differs from HTTP 431',
    ]);
    expect(
      problemViolations({
        status: 404,
        contentType: 'application/problem+json',
        text: problem(400),
      }),
    ).toEqual(['problem status 400 differs from HTTP 404']);
    expect(
      problemViolations({
        status: 400,
        contentType: 'application/problem+json',
        text: '<html>',
      })[0],
    ).toMatch(/not JSON/);
  });

  it('lets a page for browsers say "not found" in HTML, and only that', () => {
    const page = { status: 404, contentType: 'text/html; charset=utf-8', text: '<html></html>' };
    expect(problemViolations(page, { htmlPage: true })).toEqual([]);
    expect(problemViolations(page)).not.toEqual([]);
    expect(problemViolations({ ...page, status: 400 }, { htmlPage: true })).not.toEqual([]);
  });
});
