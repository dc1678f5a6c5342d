import type { BadInputCase } from './bad-input-case';
import { generateBadInputCases, takeAcrossKinds } from './generate-bad-input-cases';
import type { OpenApiDocument } from './openapi';

/** A small API: a public sign-in, a guarded widget resource with path, query and body. */
const doc: OpenApiDocument = {
  openapi: '3.0.0',
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      'api-key': { type: 'apiKey', in: 'header' },
    },
    schemas: {
      SignInDto: {
        type: 'object',
        properties: {
          email: { type: 'string', example: 'a@example.com' },
          password: { type: 'string' },
        },
        required: ['email', 'password'],
      },
      WidgetDto: {
        type: 'object',
        properties: {
          name: { type: 'string', example: 'Gear' },
          size: { type: 'number', minimum: 2 },
          tags: { type: 'array', items: { type: 'string' } },
          spec: { allOf: [{ $ref: '#/components/schemas/SpecDto' }] },
        },
        required: ['name', 'spec'],
      },
      SpecDto: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['a', 'b'] } },
        required: ['kind'],
      },
    },
  },
  paths: {
    '/sign-in': {
      post: {
        operationId: 'signIn',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SignInDto' } } },
        },
      },
    },
    '/widgets/{id}': {
      patch: {
        operationId: 'updateWidget',
        description: 'Counts toward the lower limit of expensive routes.',
        security: [{ bearer: [] }, { 'api-key': [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', example: 'wid_1' } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
          { name: 'idempotency-key', in: 'header', schema: { type: 'string' } },
        ],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/WidgetDto' } } },
        },
      },
      get: {
        operationId: 'getWidget',
        security: [{ 'api-key': [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      },
    },
    '/stop': { post: { operationId: 'stop', security: [{ bearer: [] }] } },
  },
};

const cases = generateBadInputCases(doc, { maxCasesPerOperation: 1_000 });
const of = (operationId: string): BadInputCase[] =>
  cases.filter((c) => c.operationId === operationId);
const named = (fragment: string): BadInputCase => {
  const found = cases.find((c) => c.name.includes(fragment));
  if (!found) throw new Error(`no case named like ${fragment}`);
  return found;
};
const jsonOf = (c: BadInputCase): Record<string, unknown> =>
  JSON.parse(String(c.body)) as Record<string, unknown>;

describe('generateBadInputCases', () => {
  it('gives every operation cases, named uniquely', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(
      new Set(['signIn', 'updateWidget', 'getWidget', 'stop']),
    );
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('picks the credential from the security of the operation', () => {
    expect(of('signIn').every((c) => c.auth === 'none')).toBe(true);
    expect(of('updateWidget').every((c) => c.auth === 'token')).toBe(true);
    expect(of('getWidget').every((c) => c.auth === 'apiKey')).toBe(true);
  });

  it('marks the operations that say they are expensive', () => {
    expect(of('updateWidget').every((c) => c.expensive)).toBe(true);
    expect(of('signIn').some((c) => c.expensive)).toBe(false);
  });

  it('drops each required field in turn, keeping the others plausible', () => {
    const missing = of('updateWidget').filter((c) => c.kind === 'missing-field');
    expect(missing.map(jsonOf)).toEqual([{ spec: { kind: 'a' } }, { name: 'Gear' }]);
    expect(jsonOf(named('POST /sign-in missing-field: email'))).toEqual({
      password: 'sample-value',
    });
  });

  it('gives each field values of another JSON type, through $ref and allOf', () => {
    expect(jsonOf(named('PATCH /widgets/{id} wrong-type: size as numeric string'))).toEqual({
      name: 'Gear',
      spec: { kind: 'a' },
      size: '12',
    });
    expect(jsonOf(named('wrong-type: spec as array'))['spec']).toEqual([]);
    expect(jsonOf(named('wrong-type: name as operator object'))['name']).toEqual({ $gt: '' });
  });

  it('adds unknown and prototype-poisoning fields', () => {
    expect(jsonOf(named('PATCH /widgets/{id} unknown-field: unexpectedField'))).toMatchObject({
      unexpectedField: 'surprise',
    });
    expect(String(named('PATCH /widgets/{id} unknown-field: __proto__').body)).toMatch(
      /^\{"__proto__":/,
    );
  });

  it('sends 1 MB strings and numbers JSON cannot hold as raw JSON text', () => {
    expect(
      String(named('PATCH /widgets/{id} huge-string: name of 1 MB').body).length,
    ).toBeGreaterThan(1024 * 1024);
    expect(String(named('huge-number: size = 2^63').body)).toContain('"size":9223372036854775808');
    expect(String(named('huge-number: size = 1e400').body)).toContain('"size":1e400');
    expect(String(named('huge-number: size = NaN as string').body)).toContain('"size":"NaN"');
  });

  it('nests JSON 10,000 levels deep as raw text', () => {
    const deep = String(named('PATCH /widgets/{id} deep-json: 10000 nested arrays').body);
    expect(deep).toHaveLength(20_000);
    expect(() => JSON.parse(String(named('deep-json: name nested deep').body))).not.toThrow();
  });

  it('puts bytes that are not UTF-8 inside a string of an otherwise valid body', () => {
    const body = named('PATCH /widgets/{id} invalid-utf8: name with bytes FF FE').body;
    expect(Buffer.isBuffer(body)).toBe(true);
    expect((body as Buffer).includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(named('PATCH /widgets/{id} invalid-utf8').headers['content-type']).toBe(
      'application/json',
    );
  });

  it('sends the body with wrong content types, empty, and as garbage', () => {
    const types = of('signIn')
      .filter((c) => c.kind === 'wrong-content-type')
      .map((c) => c.headers['content-type']);
    expect(types).toEqual(
      expect.arrayContaining([
        'text/plain',
        'application/x-www-form-urlencoded',
        expect.stringMatching(/^multipart\/form-data; boundary=/),
      ]),
    );
    const bare = named('POST /sign-in empty-body: no body at all');
    expect(bare.body).toBeUndefined();
    expect(bare.headers['content-type']).toBeUndefined();
    expect(named('POST /sign-in garbage-body: not JSON').body).toBe('this is not json');
  });

  it('gives a bodiless POST a stray body it cannot parse', () => {
    expect(of('stop').map((c) => c.kind)).toEqual(
      expect.arrayContaining(['garbage-body', 'invalid-utf8', 'deep-json']),
    );
  });

  it('breaks query parameters with wrong types, huge values and unknown names', () => {
    expect(named('PATCH /widgets/{id} query-wrong-type: limit not a number').path).toBe(
      '/widgets/wid_1?limit=abc',
    );
    expect(named('query-wrong-type: limit repeated').path).toBe('/widgets/wid_1?limit=a&limit=b');
    expect(named('PATCH /widgets/{id} query-huge: limit 1e308').path).toBe(
      '/widgets/wid_1?limit=1e308',
    );
    expect(named('PATCH /widgets/{id} query-unknown').path).toBe(
      '/widgets/wid_1?unexpectedParam=1',
    );
  });

  it('fills path params plausibly, and breaks them one at a time', () => {
    expect(named('PATCH /widgets/{id} wrong-type: size as boolean').path).toBe('/widgets/wid_1');
    expect(named('GET /widgets/{id} path-traversal: id encoded slashes').path).toBe(
      '/widgets/..%2F..%2F..%2Fhealth%2Flive',
    );
    expect(named('GET /widgets/{id} path-traversal: id dot dot').path).toBe('/widgets/..');
    expect(named('GET /widgets/{id} path-huge').path.length).toBeGreaterThan(10_000);
  });

  it('keeps a JSON body on parameter cases of operations that take one', () => {
    const c = named('PATCH /widgets/{id} path-wrong-format: id punctuation');
    expect(jsonOf(c)).toEqual({ name: 'Gear', spec: { kind: 'a' } });
    expect(c.headers['content-type']).toBe('application/json');
  });

  it('breaks each header parameter once, whatever the case of its name', () => {
    expect(of('updateWidget').filter((c) => c.kind === 'header-odd')).toHaveLength(3);
  });

  it('caps the cases of an operation without dropping a kind', () => {
    const capped = generateBadInputCases(doc, { maxCasesPerOperation: 25 }).filter(
      (c) => c.operationId === 'updateWidget',
    );
    expect(capped).toHaveLength(25);
    const allKinds = new Set(of('updateWidget').map((c) => c.kind));
    expect(new Set(capped.map((c) => c.kind))).toEqual(allKinds);
  });
});

describe('takeAcrossKinds', () => {
  it('takes kinds in turn and keeps the original order', () => {
    const items = ['a1', 'a2', 'a3', 'b1', 'c1', 'c2'].map((id) => ({ id, kind: id[0] ?? '' }));
    expect(takeAcrossKinds(items, 4).map((i) => i.id)).toEqual(['a1', 'a2', 'b1', 'c1']);
  });
});
