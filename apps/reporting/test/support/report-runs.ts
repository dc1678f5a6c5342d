import { REPORT_RUN_PATTERNS, type ReportRunDto } from '@vantage/contracts';
import { waitUntil } from '@vantage/transport/testing';
import type { OrgClient } from './org-client';

/** Waits until the org's run of `kind` with `key` (a week, a dedupe key) is no longer running. */
export async function settledRun(org: OrgClient, kind: string, key: string): Promise<ReportRunDto> {
  let run: ReportRunDto | undefined;
  await waitUntil(async () => {
    const { items } = await org.send<{ items: ReportRunDto[] }>(REPORT_RUN_PATTERNS.list, {
      kind,
    });
    run = items.find((item) => item.key === key);
    return run !== undefined && run.status !== 'running';
  }, `the ${kind} run ${key} to settle`);
  return run as ReportRunDto;
}
