import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WEEKLY_REPORT_PATTERNS, type WeeklyPreviewDto } from '@vantage/contracts';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import { connectReportingClient, OrgClient, uniqueAddress } from './support/org-client';
import { type ReportingReplica, startReplicas } from './support/reporting-replicas';
import { seedOrg } from './support/seed-org';
import { SEEDED_WEEK, startSourceStandIns } from './support/source-stand-ins';

const run = promisify(execFile);

/** Where the screenshot is left for people to look at (kept out of git). */
export const OUTPUT_DIR = path.join(__dirname, '..', 'test-output');
const WIDTH = 700;
const HEIGHT = 3800;

describe('weekly report preview in a browser', () => {
  let replica: ReportingReplica;
  let client: RedisStreamsClient;
  let standIns: RedisStreamsServer[];

  beforeAll(async () => {
    [replica] = (await startReplicas(1, {})) as [ReportingReplica];
    const target = { redisUrl: replica.config.REDIS_URL, prefix: replica.config.TRANSPORT_PREFIX };
    client = await connectReportingClient(target);
    standIns = await startSourceStandIns(target);
  });

  afterAll(async () => {
    await Promise.all((standIns ?? []).map((server) => server.close()));
    await client?.close();
    await replica?.close();
  });

  it('renders in headless Chromium and leaves a screenshot in test-output/weekly-preview.png', async () => {
    const org = new OrgClient(client);
    await seedOrg(org, [uniqueAddress('ceo')]);
    // The usage events are handled asynchronously: wait until the preview counts all of them.
    await waitUntil(async () => {
      const draft = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
        week: SEEDED_WEEK,
      });
      return draft.text.includes('Weekly active users: 3');
    }, 'the seeded usage to be counted');
    const preview = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
      week: SEEDED_WEEK,
      inlineImages: true,
    });
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const html = path.join(OUTPUT_DIR, 'weekly-preview.html');
    const png = path.join(OUTPUT_DIR, 'weekly-preview.png');
    fs.writeFileSync(html, preview.html);
    fs.rmSync(png, { force: true });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reporting-chromium-'));

    try {
      await run(
        process.env['CHROMIUM_BIN'] ?? 'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          `--user-data-dir=${profile}`,
          `--window-size=${WIDTH},${HEIGHT}`,
          `--screenshot=${png}`,
          `file://${html}`,
        ],
        { timeout: 60_000 },
      );
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }

    const image = fs.readFileSync(png);
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(image.readUInt32BE(16)).toBe(WIDTH);
    expect(image.readUInt32BE(20)).toBe(HEIGHT);
    expect(image.length).toBeGreaterThan(50_000);
    expect(preview.html).toContain('Weekly report: Acme Analytics');
  }, 90_000);
});
