import {
  connectClient,
  startTestService,
  type StartTestServiceOptions,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { trafficMonitorService } from '../../src/service-definition';

export interface TrafficMonitorUnderTest {
  readonly service: TestService;
  /** Asks the traffic monitor as the traffic monitor itself would. */
  readonly client: RedisStreamsClient;
}

/** Boots the traffic monitor against the test stores with `env` over the test defaults. */
export async function startTrafficMonitor(
  env: StartTestServiceOptions['env'] = {},
): Promise<TrafficMonitorUnderTest> {
  const service = await startTestService(trafficMonitorService, { env });
  const client = await connectClient(service, 'traffic-monitor');
  return { service, client };
}
