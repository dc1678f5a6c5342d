import { TRAFFIC_SERIES_FLUSHED_EVENT } from '@vantage/contracts';
import { SERVICE_REDIS_GRANTS } from '@vantage/transport';

describe("telemetry's Redis ACL grant", () => {
  it("lets the traffic monitor announce flushed series and telemetry's catalogue consume them", () => {
    expect(SERVICE_REDIS_GRANTS['traffic-monitor'].emits).toContain(TRAFFIC_SERIES_FLUSHED_EVENT);
    expect(SERVICE_REDIS_GRANTS.telemetry.consumes).toContain(TRAFFIC_SERIES_FLUSHED_EVENT);
  });
});
