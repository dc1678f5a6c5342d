import type { EnvSource } from '@vantage/service-runtime';
import {
  startTestService,
  type TestService,
  testTransportPrefix,
} from '@vantage/service-runtime/testing';
import type { ReportingConfig } from '../../src/config/reporting.config';
import { reportingService } from '../../src/service-definition';

export type ReportingReplica = TestService<ReportingConfig>;

/** Settings every test replica shares: no schedule tick (tests tick themselves), short waits. */
export const TEST_REPORTING_ENV: EnvSource = {
  REPORT_TICK_MS: '0',
  REPORT_SOURCE_TIMEOUT_MS: '1500',
  REPORT_LOCK_TTL_MS: '3000',
  MAIL_RETRY_BACKOFF_MS: '100',
  MAIL_RETRY_MAX_BACKOFF_MS: '400',
  SMTP_TIMEOUT_MS: '5000',
  PUBLIC_URL: 'https://vantage.example',
  UNSUBSCRIBE_SECRET: 'reporting-test-secret-of-at-least-32-chars',
};

/**
 * `count` replicas of the reporting service sharing one database and one transport prefix:
 * what two pods of one deployment share.
 */
export async function startReplicas(
  count: number,
  env: EnvSource,
  prefix: string = testTransportPrefix(),
): Promise<ReportingReplica[]> {
  const replicas: ReportingReplica[] = [];
  for (let index = 0; index < count; index += 1) {
    replicas.push(
      await startTestService(reportingService, {
        env: { ...TEST_REPORTING_ENV, TRANSPORT_PREFIX: prefix, ...env },
      }),
    );
  }
  return replicas;
}
