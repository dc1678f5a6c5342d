import {
  connectClient,
  startTestService,
  type StartTestServiceOptions,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { telemetryService } from '../../src/service-definition';

export interface TelemetryUnderTest {
  readonly service: TestService;
  /** Asks telemetry as telemetry itself would, with room for the slower seeding requests. */
  readonly client: RedisStreamsClient;
}

/**
 * Boots telemetry with its own golden-signal loop off, so that only the samples a test sends
 * are there; `env` adds to or replaces that.
 */
export async function startTelemetry(
  env: StartTestServiceOptions['env'] = {},
): Promise<TelemetryUnderTest> {
  const service = await startTestService(telemetryService, {
    env: { GOLDEN_SIGNALS_INTERVAL_MS: '0', ...env },
  });
  const client = await connectClient(service, 'telemetry', { requestTimeoutMs: 15_000 });
  return { service, client };
}
