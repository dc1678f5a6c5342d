import { Injectable } from '@nestjs/common';
import { SecurityStore } from './security-store';

/**
 * Access tokens ended before their expiry (logout): their `jti` is kept in Redis until the
 * token would have expired anyway, so the list stays as short as the tokens' lifetime.
 */
@Injectable()
export class AccessTokenDenyList {
  constructor(private readonly store: SecurityStore) {}

  async deny(tokenId: string, expiresAtMs: number): Promise<void> {
    if (expiresAtMs <= Date.now()) return;
    await this.store.run((redis) => redis.set(this.key(tokenId), '1', 'PXAT', expiresAtMs), null);
  }

  /** Unknown when Redis is away: the token passes (as every counter of the gateway fails open). */
  async isDenied(tokenId: string): Promise<boolean> {
    return (await this.store.run((redis) => redis.exists(this.key(tokenId)), 0)) === 1;
  }

  private key(tokenId: string): string {
    return this.store.key(`jti:${tokenId}`);
  }
}
