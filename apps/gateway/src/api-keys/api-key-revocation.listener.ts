import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BroadcastEventPattern } from '@vantage/transport';
import { API_KEY_REVOKED_EVENT, ApiKeyService } from './api-key.service';

/** Every gateway replica drops a revoked key from its cache at once, not when the entry expires. */
@Controller()
export class ApiKeyRevocationListener {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @BroadcastEventPattern(API_KEY_REVOKED_EVENT)
  onRevoked(@Payload() event: unknown): void {
    const keyHash = (event as { keyHash?: unknown } | null)?.keyHash;
    if (typeof keyHash === 'string') this.apiKeys.forget(keyHash);
  }
}
