import { SERVICE_REDIS_GRANTS } from '@vantage/transport';
import { WEBHOOK_PROCESS_EVENT } from '../src/webhooks/webhook-process.event';

describe("billing's Redis ACL grant", () => {
  it('lets billing queue and consume its own webhook processing events', () => {
    expect(SERVICE_REDIS_GRANTS.billing.emits).toContain(WEBHOOK_PROCESS_EVENT);
    expect(SERVICE_REDIS_GRANTS.billing.consumes).toContain(WEBHOOK_PROCESS_EVENT);
  });
});
