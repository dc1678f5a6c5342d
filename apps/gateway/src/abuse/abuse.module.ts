import { Module } from '@nestjs/common';
import { AccessTokenDenyList } from './access-token-deny-list';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { LiveConnectionQuota } from './live-connection-quota';
import { SecurityStore } from './security-store';

/**
 * Counters that keep hostile clients cheap, in Redis shared by every gateway replica: failed
 * authentications per IP and per account, revoked access tokens, WebSocket connection caps.
 */
@Module({
  providers: [SecurityStore, AuthFailureLimiter, AccessTokenDenyList, LiveConnectionQuota],
  // SecurityStore too: the rate limiter counts on its connection.
  exports: [SecurityStore, AuthFailureLimiter, AccessTokenDenyList, LiveConnectionQuota],
})
export class AbuseModule {}
