// An independent fuzzer beside the suite's own bad-input generator (issue 13): Schemathesis reads
// /docs-json and runs all its checks, the stateful phase included, as a fresh pro organisation's
// owner (access token) and admin API key. Required: no 5xx, no answer outside the documented
// status codes, content types, headers and schemas, and no failure of any other check.
import { waitUntil } from '@vantage/transport/testing';
import path from 'node:path';
import { ApiClient, type Session } from '../src/client/api-client';
import { StripeWebhooks } from '../src/scenario/stripe-webhooks';
import {
  describeFailures,
  failureDetails,
  runSchemathesis,
  type SchemathesisRun,
} from '../src/schemathesis/run-schemathesis';
import { SourceAddressForwarder } from '../src/schemathesis/source-address-forwarder';
import { systemUnderTest } from '../src/system-under-test';

const sut = systemUnderTest();
const api = new ApiClient(sut.gatewayUrl);
/** Its anonymous requests count against this address's limit, not 127.0.0.1's (the suite's). */
const FUZZER_ADDRESS = '127.0.0.99';
/** Test cases per operation and phase: schemathesis.toml's unless set here. */
const MAX_EXAMPLES = process.env['SCHEMATHESIS_MAX_EXAMPLES'];
/** Fixed, so a red run can be replayed; SCHEMATHESIS_SEED explores elsewhere. */
const SEED = process.env['SCHEMATHESIS_SEED'] ?? '20261207';
const PRO_LIMIT = '60000';

describe('Schemathesis against /docs-json', () => {
  let run: SchemathesisRun;

  beforeAll(async () => {
    const owner: Session = await api.registerOrg('schemathesis');
    const key = await api.createApiKey(owner, ['ingest', 'read', 'admin']);
    // Pro, so that the fuzzer meets validation rather than the free plan's rate limit.
    const webhooks = new StripeWebhooks(api, sut.stripeWebhookSecret);
    await webhooks.subscribeToPro(
      StripeWebhooks.newSubscriber(owner.organization.id),
      Math.floor(Date.now() / 1000),
    );
    for (const url of sut.gatewayReplicaUrls) {
      const replica = new ApiClient(url);
      await waitUntil(
        async () => {
          const response = await replica.call('GET', '/api/v1/rad-sets', { apiKey: key.key });
          return response.headers.get('x-ratelimit-limit') === PRO_LIMIT;
        },
        `the pro limit on ${url}`,
        30_000,
      );
    }
    const forwarder = await SourceAddressForwarder.start(sut.gatewayReplicaUrls, FUZZER_ADDRESS);
    try {
      run = await runSchemathesis({
        baseUrl: forwarder.url,
        accessToken: owner.accessToken,
        apiKey: key.key,
        ...(MAX_EXAMPLES ? { maxExamples: Number(MAX_EXAMPLES) } : {}),
        seed: SEED,
        workers: 2,
        outputDir: path.join(sut.outputDir, 'schemathesis'),
      });
    } finally {
      await forwarder.close();
    }
    const report = run.report;
    console.log(
      report
        ? [
            `schemathesis ${report.schemathesis_version}, seed ${String(report.seed)}, ` +
              `${Math.round(report.running_time)} s`,
            `operations: ${report.operations.tested} tested of ${report.operations.total}`,
            `test cases: ${report.test_cases.generated} generated, ` +
              `${report.test_cases.with_failures} with failures`,
            `phases: ${Object.entries(report.phases)
              .map(([phase, { status }]) => `${phase} ${status}`)
              .join(', ')}`,
            ...describeFailures(report),
          ].join('\n')
        : `schemathesis wrote no report (exit code ${String(run.exitCode)}); see ${run.consoleFile}`,
    );
  }, 720_000);

  it('tests every operation of the document in every phase', () => {
    const report = run.report;
    expect(report).not.toBeNull();
    if (!report) return;
    expect(report.complete).toBe(true);
    expect(report.operations.tested).toBe(report.operations.total);
    expect(report.operations.errored).toBe(0);
    expect(report.test_cases.generated).toBeGreaterThan(report.operations.total * 5);
    const phases = Object.entries(report.phases).map(([phase, { status }]) => `${phase} ${status}`);
    expect(phases.filter((p) => /skip|error/.test(p))).toEqual([]);
  });

  it('finds no server error, no answer outside the document and no other failure', () => {
    const report = run.report;
    expect(report).not.toBeNull();
    if (!report) return;
    // The failures with a curl line each are the message, so a red run says what to fix.
    const failures = describeFailures(report);
    expect(
      failures.length === 0 ? '' : `${failures.join('\n')}\n\n${failureDetails(run.consoleFile)}`,
    ).toBe('');
    expect(report.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
  });
});
