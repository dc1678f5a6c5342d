import type { EnvSource } from '@vantage/service-runtime';
import {
  startTestService,
  type TestService,
  testTransportPrefix,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import type { ReportingConfig } from '../../src/config/reporting.config';
import { reportingService } from '../../src/service-definition';
import { connectReportingClient } from './org-client';

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

/** Replicas under test and one client that talks to them, as the gateway would. */
export interface ReportingStand {
  readonly replicas: ReportingReplica[];
  /** The first replica: the only one where `count` is 1. */
  readonly replica: ReportingReplica;
  readonly client: RedisStreamsClient;
  /** Closes the client, then every replica. */
  close(): Promise<void>;
}

/** Starts `count` replicas (see startReplicas) and connects a client to their transport. */
export async function startReportingStand(count: number, env: EnvSource): Promise<ReportingStand> {
  const replicas = await startReplicas(count, env);
  const [replica] = replicas as [ReportingReplica];
  const client = await connectReportingClient({
    redisUrl: replica.config.REDIS_URL,
    prefix: replica.config.TRANSPORT_PREFIX,
  }).catch(async (error: unknown) => {
    await Promise.all(replicas.map((started) => started.close()));
    throw error;
  });
  return {
    replicas,
    replica,
    client,
    close: async () => {
      await client.close();
      await Promise.all(replicas.map((started) => started.close()));
    },
  };
}
