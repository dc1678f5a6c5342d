// A method a path does not have is a 405 with Allow (RFC 9110 15.5.6), not a 404 as if the path
// did not exist, nor a 400 about the body of a method nobody routes (Schemathesis sends TRACE
// and QUERY to every documented path).
import http from 'node:http';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import type { Gateway } from './support/gateway-api';

interface RawAnswer {
  readonly status: number;
  readonly allow: string | undefined;
  readonly contentType: string;
  readonly body: Record<string, unknown>;
}

/** node:http, since fetch refuses TRACE. */
function send(gateway: Gateway, method: string, path: string): Promise<RawAnswer> {
  const url = new URL(path, gateway.url);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          allow: response.headers['allow'],
          contentType: String(response.headers['content-type'] ?? ''),
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('methods a path does not have', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it.each([
    ['TRACE', '/api/v1/org', 'GET, HEAD, PATCH'],
    ['QUERY', '/api/v1/rad-sets/rad_0123456789abcdefghij', 'DELETE, GET, HEAD, PATCH'],
    ['PUT', '/api/v1/auth/login', 'POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const answer = await send(gateway, method, path);
    expect(answer.status).toBe(405);
    expect(answer.allow).toBe(allow);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 405, instance: path.split('?')[0] });
  });

  it('still answers 404 for a path that does not exist', async () => {
    const answer = await send(gateway, 'TRACE', '/api/v1/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
  });
});
