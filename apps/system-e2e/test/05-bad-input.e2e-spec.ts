// Bad input on every route of the OpenAPI document (issue 8): wrong types, missing and unknown
// fields, huge strings and numbers, deep JSON, invalid UTF-8, wrong content types, odd path and
// query values. No answer may be a 5xx, and every 4xx must be problem+json.
import type { BadInputCase } from '../src/bad-input/bad-input-case';
import { generateBadInputCases } from '../src/bad-input/generate-bad-input-cases';
import { type OpenApiDocument, operationsOf } from '../src/bad-input/openapi';
import { problemViolations } from '../src/bad-input/problem-answer';
import { type CallerPlan, planCallers } from '../src/bad-input/rate-budget';
import { type SendOutcome, sendRaw } from '../src/bad-input/send-case';
import { ApiClient, type Session } from '../src/client/api-client';
import { systemUnderTest } from '../src/system-under-test';

const sut = systemUnderTest();
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;
const ALL_SCOPES = ['ingest', 'read', 'admin'];

/**
 * Routes left out, each with its reason (printed with the summary). Empty today: logout and
 * refresh only see made-up refresh tokens, and path params are example ids, not the suite's own
 * org, members or keys, so no case ends the session it runs with.
 */
const EXCLUDED: ReadonlyArray<{
  readonly method: string;
  readonly path: string;
  readonly reason: string;
}> = [];

/**
 * Anonymous cases are limited per client IP (100/min). On a loopback system each group of them
 * connects from its own 127.0.0.x address, straight to a gateway replica: the proxy in front of
 * the replicas would hide the address. Elsewhere they share one address, and the share of 429s
 * tells whether the run still tested anything.
 */
function anonymousRoute(
  plan: CallerPlan,
): (index: number) => { baseUrl: string; localAddress?: string } {
  const replicas = sut.gatewayReplicaUrls.length > 0 ? sut.gatewayReplicaUrls : [sut.gatewayUrl];
  const loopback = replicas.every((url) => /^127\.|^localhost$/.test(new URL(url).hostname));
  return (index) => {
    const baseUrl = replicas[index % replicas.length] ?? sut.gatewayUrl;
    // 127.0.0.1 is left to the rest of the suite; 127.0.0.100+ to this file.
    return loopback && plan.addressCount > 0
      ? { baseUrl, localAddress: `127.0.0.${100 + index}` }
      : { baseUrl };
  };
}

interface Outcome {
  readonly testCase: BadInputCase;
  readonly result: SendOutcome;
  readonly violations: readonly string[];
}

async function runAll<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function summarise(outcomes: readonly Outcome[]): string {
  const byKind = new Map<string, Map<string, number>>();
  for (const { testCase, result } of outcomes) {
    const statuses = byKind.get(testCase.kind) ?? new Map<string, number>();
    const key = result.kind === 'answer' ? String(result.status) : 'no answer';
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    byKind.set(testCase.kind, statuses);
  }
  const lines = [...byKind].map(([kind, statuses]) => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const seen = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}×${n}`);
    return `  ${kind.padEnd(20)} ${String(total).padStart(5)}  ${seen.join(' ')}`;
  });
  return [`bad input: ${outcomes.length} cases`, ...lines].join('\n');
}

describe('bad input on every route', () => {
  let cases: BadInputCase[] = [];
  let outcomes: Outcome[] = [];
  let operationCount = 0;

  beforeAll(async () => {
    const client = new ApiClient(sut.gatewayUrl);
    const doc = await client.expect<OpenApiDocument>(200, 'GET', '/docs-json');
    operationCount = operationsOf(doc).length - EXCLUDED.length;
    cases = generateBadInputCases(doc).filter(
      (c) =>
        !EXCLUDED.some((e) => e.method === c.method && c.name.startsWith(`${e.method} ${e.path} `)),
    );
    const plan = planCallers(cases);
    const orgs: Array<{ session: Session; apiKey: string }> = [];
    for (let i = 0; i < plan.orgCount; i++) {
      const session = await client.registerOrg(`bad-input-${i}`);
      const key = await client.createApiKey(session, ALL_SCOPES);
      orgs.push({ session, apiKey: key.key });
    }
    const anonymous = anonymousRoute(plan);

    outcomes = await runAll(cases, CONCURRENCY, async (testCase, index) => {
      const slot = plan.slots[index];
      const headers: Record<string, string> = { ...testCase.headers };
      let target: { baseUrl: string; localAddress?: string } = { baseUrl: sut.gatewayUrl };
      if (slot?.kind === 'org') {
        const org = orgs[slot.index];
        if (!org) throw new Error(`no org ${slot.index} planned`);
        if (testCase.auth === 'token')
          headers['authorization'] = `Bearer ${org.session.accessToken}`;
        else headers['x-api-key'] = org.apiKey;
      } else if (slot) {
        target = anonymous(slot.index);
      }
      const result = await sendRaw({
        ...target,
        method: testCase.method,
        path: testCase.path,
        headers,
        body: testCase.body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      const violations =
        result.kind === 'answer'
          ? problemViolations(result, { htmlPage: testCase.htmlPage })
          : [`no answer: ${result.reason}`];
      return { testCase, result, violations };
    });
    console.log(
      [
        summarise(outcomes),
        `orgs used: ${plan.orgCount}, anonymous client addresses: ${plan.addressCount}`,
        EXCLUDED.length === 0
          ? 'excluded routes: none'
          : `excluded routes:\n${EXCLUDED.map((e) => `  ${e.method} ${e.path}: ${e.reason}`).join('\n')}`,
      ].join('\n'),
    );
  }, 170_000);

  it('covers every operation of the OpenAPI document', () => {
    expect(operationCount).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => `${c.method} ${c.operationId}`)).size).toBe(operationCount);
    expect(outcomes).toHaveLength(cases.length);
  });

  it('never answers a 5xx, and answers every 4xx with problem+json', () => {
    const failures = outcomes
      .filter((o) => o.violations.length > 0)
      .map((o) => `${o.testCase.name.slice(0, 200)} -> ${o.violations.join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('is answered by validation rather than by the rate limiter', () => {
    const limited = outcomes.filter((o) => o.result.kind === 'answer' && o.result.status === 429);
    // A few 429s are fine (they are 4xx problem+json too); a storm would hide what is tested.
    expect(limited.length).toBeLessThanOrEqual(Math.ceil(outcomes.length * 0.01));
  });
});
