// The Postman monitor collection (deploy/postman/) passes against the running system, run by
// newman as a monitor would: a fresh organisation, its owner's login and an ingest+read API key.
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient, PASSWORD } from '../src/client/api-client';
import { collectionRequests, documentedSchema } from '../src/newman/documented-schemas';
import {
  COLLECTION_FILE,
  formatFailures,
  runCollection,
  type CollectionRunSummary,
  type MonitorSettings,
} from '../src/newman/run-collection';
import { systemUnderTest } from '../src/system-under-test';

const sut = systemUnderTest();
const client = new ApiClient(sut.gatewayUrl);
const junitFile = path.join(sut.outputDir, 'newman', 'vantage-junit.xml');
const repeatJunitFile = path.join(sut.outputDir, 'newman', 'vantage-junit-repeat.xml');

// 15 requests with at least three assertions each (status, schema or body, timing): fewer means
// requests were skipped or scripts did not run, which must not pass as green.
const MIN_REQUESTS = 15;
const MIN_ASSERTIONS = 3 * MIN_REQUESTS;

describe('the Postman monitor collection', () => {
  let settings: MonitorSettings;
  let first: CollectionRunSummary;

  beforeAll(async () => {
    fs.rmSync(junitFile, { force: true });
    const owner = await client.registerOrg('postman-monitor');
    const key = await client.createApiKey(owner, ['ingest', 'read']);
    settings = {
      baseUrl: sut.gatewayUrl,
      apiKey: key.key,
      email: owner.user.email,
      password: PASSWORD,
    };
    first = await runCollection(settings, { junitFile });
  });

  it('runs every request with its assertions', () => {
    expect(first.runError).toBeNull();
    expect(first.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(first.assertions.total).toBeGreaterThanOrEqual(MIN_ASSERTIONS);
  });

  it('passes every assertion', () => {
    // The list of failures is the message, so a red run says which request broke and how.
    expect(formatFailures(first)).toBe('');
    expect(first.assertions.failed).toBe(0);
  });

  it('writes a JUnit report with a test suite per request', () => {
    const xml = fs.readFileSync(junitFile, 'utf8');
    expect(xml).toMatch(/<testsuites\s[^>]*name="Vantage monitors"/);
    expect(xml.match(/<testsuite\b/g) ?? []).toHaveLength(first.requests);
    expect(xml.match(/<testcase\b/g)?.length).toBe(first.assertions.total);
    expect(xml).not.toMatch(/<failure\b/);
  });

  it('passes again when the monitor repeats it against the same organisation', async () => {
    const again = await runCollection(settings, { junitFile: repeatJunitFile, cliReport: false });
    expect(formatFailures(again)).toBe('');
    expect(again.assertions.total).toBe(first.assertions.total);
  });

  it("checks each JSON answer against the schema of the gateway's OpenAPI document", async () => {
    const openApi = await client.expect(200, 'GET', '/docs-json');
    const requests = collectionRequests(JSON.parse(fs.readFileSync(COLLECTION_FILE, 'utf8')));
    const drift = requests.flatMap((request) => {
      const documented =
        request.expectedStatus === null
          ? null
          : documentedSchema(openApi, request.method, request.path, request.expectedStatus);
      const same = JSON.stringify(request.schema) === JSON.stringify(documented);
      return same
        ? []
        : [`${request.name}: the documented schema is ${JSON.stringify(documented)}`];
    });
    expect(drift).toEqual([]);
    // Only the HTML report preview has no JSON schema.
    expect(requests.filter((r) => r.schema === null).map((r) => r.name)).toEqual([
      'Reports / Weekly report preview',
    ]);
  });
});
