import { SERVICE_REDIS_GRANTS } from '@vantage/transport';
import { API_KEY_REVOKED_EVENT } from '../src/api-keys/api-key.service';

describe("the gateway's Redis ACL grant", () => {
  it('lets the gateway publish and read the API-key revocation broadcast it defines', () => {
    expect(SERVICE_REDIS_GRANTS.gateway.emits).toContain(API_KEY_REVOKED_EVENT);
    expect(SERVICE_REDIS_GRANTS.gateway.consumes).toContain(API_KEY_REVOKED_EVENT);
  });
});
