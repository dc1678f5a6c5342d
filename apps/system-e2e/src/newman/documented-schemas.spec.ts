import { collectionRequests, documentedSchema } from './documented-schemas';

const openApi = {
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': { description: 'none' },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        description: 'dropped',
        properties: {
          description: { type: 'string', example: 'a property named like a keyword stays' },
          owner: { type: 'string', nullable: true },
        },
        required: ['description'],
      },
    },
  },
};

const thingSchema = {
  type: 'object',
  properties: {
    description: { type: 'string' },
    owner: { anyOf: [{ type: 'null' }, { type: 'string' }] },
  },
  required: ['description'],
};

describe('documentedSchema', () => {
  it('resolves references, drops annotations and spells nullable as JSON Schema', () => {
    expect(documentedSchema(openApi, 'GET', '/api/v1/things/{{thingId}}', 200)).toEqual(
      thingSchema,
    );
  });

  it('is null for an undocumented path, method or status, or a body that is not JSON', () => {
    expect(documentedSchema(openApi, 'GET', '/api/v1/things', 200)).toBeNull();
    expect(documentedSchema(openApi, 'POST', '/api/v1/things/{{id}}', 200)).toBeNull();
    expect(documentedSchema(openApi, 'GET', '/api/v1/things/{{id}}', 404)).toBeNull();
  });

  it('matches a path parameter only with a Postman variable', () => {
    expect(documentedSchema(openApi, 'GET', '/api/v1/things/thing_1', 200)).toBeNull();
  });
});

describe('collectionRequests', () => {
  const test = (exec: string[]) => [{ listen: 'test', script: { exec } }];
  const collection = {
    item: [
      {
        name: 'Things',
        item: [
          {
            name: 'Get a thing',
            request: { method: 'get', url: { path: ['api', 'v1', 'things', '{{thingId}}'] } },
            event: test([
              "pm.test('status is 200', function () {",
              '  pm.response.to.have.status(200);',
              '});',
              ...`const schema = ${JSON.stringify(thingSchema, null, 2)};`.split('\n'),
              'pm.response.to.have.jsonSchema(schema);',
            ]),
          },
          {
            name: 'Page',
            request: { method: 'GET', url: { path: ['page'] } },
            event: test(['pm.response.to.have.status(200);']),
          },
        ],
      },
    ],
  };

  it('reads each request with its expected status and the schema its test uses', () => {
    expect(collectionRequests(collection)).toEqual([
      {
        name: 'Things / Get a thing',
        method: 'GET',
        path: '/api/v1/things/{{thingId}}',
        expectedStatus: 200,
        schema: thingSchema,
      },
      { name: 'Things / Page', method: 'GET', path: '/page', expectedStatus: 200, schema: null },
    ]);
  });
});
