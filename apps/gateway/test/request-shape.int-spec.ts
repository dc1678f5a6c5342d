// The shape of a request as the edge checks it before any service sees it (issue 14): an unknown
// field is reported alone, a route that takes a body refuses a request without one, a method a
// documented path does not have is a 405 with Allow, public routes ignore credentials, and the
// answers of the mail links and of the health scores are the documented ones.
import http from 'node:http';
import {
  DASHBOARD_PATTERNS,
  FORMULA_PATTERNS,
  MAIL_CONSENT_PATTERNS,
  NotFoundError,
  RAD_SET_PATTERNS,
  REPORT_RECIPIENT_PATTERNS,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, uniqueEmail } from './support/gateway-api';
import {
  type GatewayWithStandIn,
  type Received,
  startGatewayWithStandIn,
  startStandIn,
} from './support/gateway-with-stand-in';

const RAD_SET_ID = 'rad_3kT9wQ1mZp8Lx2Vb7Nc4';
const SAVED_FORMULA_ID = 'fml_3kT9wQ1mZp8Lx2Vb7Nc4';
const GOOD_TOKEN = 'v1.good';

interface OpenApiOperation {
  readonly requestBody?: { readonly required?: boolean };
  readonly responses: Record<string, { readonly content?: Record<string, unknown> }>;
}
type OpenApiDocument = {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
};

const MAIL_LINKS: readonly string[] = [
  REPORT_RECIPIENT_PATTERNS.unsubscribe,
  MAIL_CONSENT_PATTERNS.confirm,
];

/** Reporting as far as these routes can tell: one good mail-link token, the schedule echoed. */
function reportingAnswer(pattern: string, payload: Record<string, unknown>): unknown {
  if (!MAIL_LINKS.includes(pattern)) return payload;
  if (payload['token'] !== GOOD_TOKEN) throw new NotFoundError('this link is not valid');
  return { email: 'c***@example.com', alreadyUnsubscribed: false };
}

interface RawAnswer {
  readonly status: number;
  readonly allow: string | undefined;
  readonly contentType: string;
}

/** node:http, since fetch refuses TRACE and sends no bodiless PATCH the way a client may. */
function send(baseUrl: string, method: string, path: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseUrl), { method, agent: false }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          allow: response.headers['allow'],
          contentType: String(response.headers['content-type'] ?? ''),
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the shape of a request', () => {
  let setup: GatewayWithStandIn<never, 'admin'>;
  let reporting: RedisStreamsServer;
  const reportingReceived: Received[] = [];
  let document: OpenApiDocument;

  const owner = () => ({ token: setup.owner.accessToken });
  const setupReceived = () => setup.received;

  beforeAll(async () => {
    setup = await startGatewayWithStandIn({
      standIn: {
        service: 'traffic-monitor',
        patterns: [
          DASHBOARD_PATTERNS.query,
          DASHBOARD_PATTERNS.putConfig,
          RAD_SET_PATTERNS.create,
          RAD_SET_PATTERNS.update,
          FORMULA_PATTERNS.savedUpdate,
        ],
      },
      apiKeyScopes: ['admin'],
    });
    reporting = await startStandIn(
      setup.gateway,
      {
        service: 'reporting',
        patterns: [WEEKLY_REPORT_PATTERNS.schedulePut, ...MAIL_LINKS],
        answer: reportingAnswer,
      },
      reportingReceived,
    );
    document = (await call<OpenApiDocument>(setup.gateway, 'GET', '/docs-json')).body;
  });

  beforeEach(() => {
    setup.received.length = 0;
    reportingReceived.length = 0;
  });

  afterAll(async () => {
    await reporting?.close();
    await setup?.standIn.close();
    await setup?.gateway.close();
  });

  describe('unknown fields', () => {
    it('reports a misspelt field alone, not the required field it stands for', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/rad-sets', {
        ...owner(),
        body: { nmae: 'Venture feed', pattern: 'shop.*', colour: '#2563eb' },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body['errors']).toEqual([
        { field: 'nmae', message: 'property nmae should not exist' },
      ]);
      expect(setup.received).toEqual([]);
    });

    it('reports a value sent wrong beside a misspelt field, not the field missing', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/rad-sets', {
        ...owner(),
        body: { nmae: 'Venture feed', pattern: 'shop.*', colour: 'blue' },
      });
      expect(response.status).toBe(400);
      const fields = (response.body['errors'] as Array<{ field: string }>).map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set(['nmae', 'colour']));
    });

    it('still reports every broken field of a body without unknown ones', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/rad-sets', {
        ...owner(),
        body: { pattern: 'shop.*', colour: 'blue' },
      });
      expect(response.status).toBe(400);
      const fields = (response.body['errors'] as Array<{ field: string }>).map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set(['name', 'colour']));
    });
  });

  describe('a request without a body, on a route that takes one', () => {
    const documented = (method: string, path: string) =>
      document.paths[path.replace(/\/(rad|fml)_\w+$/, '/{id}')]?.[method.toLowerCase()];

    it('is one clear 400 where the document requires the body', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/rad-sets', owner());
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body['detail']).toMatch(/needs a JSON body/);
      expect(documented('POST', '/api/v1/rad-sets')?.requestBody?.required).toBe(true);
      expect(setup.received).toEqual([]);
    });

    it.each([
      ['POST', '/api/v1/dashboard/query', setupReceived],
      ['PUT', '/api/v1/dashboard/config', setupReceived],
      ['PUT', '/api/v1/reports/weekly/schedule', () => reportingReceived],
    ])(
      'takes %s %s as {}, as its document leaves the body out (every field optional)',
      async (method, path, received) => {
        const response = await call(setup.gateway, method, path, owner());
        expect(response.status).toBe(200);
        expect(received().map((r) => r.payload)).toEqual([{}]);
        expect(documented(method, path)?.requestBody?.required).toBe(false);
      },
    );

    it.each([
      `/api/v1/rad-sets/${RAD_SET_ID}`,
      `/api/v1/formulas/saved/${SAVED_FORMULA_ID}`,
      '/api/v1/org',
    ])('is a 400 on PATCH %s, as is {}: there is nothing to change', async (path) => {
      for (const body of [undefined, {}]) {
        const response = await call(setup.gateway, 'PATCH', path, { ...owner(), body });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body['detail']).toMatch(/nothing to change/);
      }
      expect(setup.received).toEqual([]);
    });

    it('is the same 400 problem when the body is declared JSON but empty', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/rad-sets', {
        ...owner(),
        body: '',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('is refused for its credential first', async () => {
      const response = await call(setup.gateway, 'PATCH', `/api/v1/rad-sets/${RAD_SET_ID}`);
      expect(response.status).toBe(401);
    });
  });

  describe('methods', () => {
    const UNDECLARED_CANDIDATES = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'TRACE'];

    it('answers every method a documented path does not declare with 405 and its Allow', async () => {
      const wrong: string[] = [];
      for (const [template, item] of Object.entries(document.paths)) {
        const path = template.replace(/\{\w+\}/g, 'x1');
        const declared = Object.keys(item).map((method) => method.toUpperCase());
        for (const method of UNDECLARED_CANDIDATES.filter((m) => !declared.includes(m))) {
          const answer = await send(setup.gateway.url, method, path);
          // HEAD comes with every GET; the document leaves it out.
          const allowed = (answer.allow ?? '').split(', ').filter((m) => m !== 'HEAD');
          if (
            answer.status !== 405 ||
            allowed.sort().join() !== [...declared].sort().join() ||
            !answer.contentType.includes('application/problem+json')
          )
            wrong.push(`${method} ${template}: ${answer.status} Allow ${String(answer.allow)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('public routes', () => {
    const BAD_CREDENTIALS: Array<[string, Record<string, string>]> = [
      ['a malformed Authorization header', { authorization: 'Basic Zm9vOmJhcg==' }],
      ['an unknown bearer token', { authorization: 'Bearer not-a-token' }],
      ['an unknown API key', { 'x-api-key': 'vk_live_0000000000000000000000000000' }],
    ];

    it.each(BAD_CREDENTIALS)('sign up with %s as without it', async (_label, headers) => {
      const response = await call(setup.gateway, 'POST', '/api/v1/auth/register', {
        headers,
        body: { orgName: 'Org', name: 'Ann', email: uniqueEmail('public'), password: 'pw' },
      });
      // The short password is what is wrong, not the credential nobody asked for.
      expect(response.status).toBe(400);
    });

    it.each(BAD_CREDENTIALS)('unsubscribe with %s as without it', async (_label, headers) => {
      const response = await call(
        setup.gateway,
        'POST',
        `/api/v1/reports/unsubscribe?token=${GOOD_TOKEN}`,
        { headers },
      );
      expect(response.status).toBe(200);
    });

    it.each(BAD_CREDENTIALS)('take a Stripe webhook with %s as without it', async (_l, headers) => {
      const response = await call(setup.gateway, 'POST', '/api/v1/billing/webhooks/stripe', {
        headers,
        body: { id: 'evt_1' },
      });
      // No Stripe-Signature: refused for that, before billing is asked.
      expect(response.status).toBe(400);
    });
  });

  describe.each(['/api/v1/reports/unsubscribe', '/api/v1/mail/confirm'])('POST %s', (path) => {
    it('answers a bad link with a 404 problem to a program, a page to a browser, as documented', async () => {
      const program = await call(setup.gateway, 'POST', `${path}?token=v1.bad`);
      expect(program.status).toBe(404);
      expect(program.headers.get('content-type')).toContain('application/problem+json');

      const browser = await setup.gateway.fetch(`${path}?token=v1.bad`, {
        method: 'POST',
        headers: { accept: 'text/html' },
      });
      expect(browser.status).toBe(404);
      expect(browser.headers.get('content-type')).toContain('text/html');

      const documented = document.paths[path]?.['post']?.responses;
      expect(Object.keys(documented?.['404']?.content ?? {}).sort()).toEqual([
        'application/problem+json',
        'text/html',
      ]);
      expect(Object.keys(documented?.['200']?.content ?? {}).sort()).toEqual([
        'application/json',
        'text/html',
      ]);
    });
  });

  it('documents the 404 of an unknown health score', async () => {
    const response = await call(setup.gateway, 'GET', '/api/v1/telemetry/health-scores/-', owner());
    expect(response.status).toBe(404);
    const operation = document.paths['/api/v1/telemetry/health-scores/{service}']?.['get'];
    expect(operation?.responses['404']?.content).toHaveProperty(['application/problem+json']);
  });
});
