import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { GatewayConfig } from '../config/gateway.config';
import { SecurityStore } from './security-store';

/** One connection's places in the per-IP and per-org sets; released when it closes. */
export interface LiveLease {
  readonly id: string;
  readonly ipKey: string;
  orgKey?: string;
}

/**
 * Caps WebSocket connections per client IP and per org across every gateway replica. Each open
 * connection holds a lease in a Redis sorted set (id → expiry); the heartbeat renews the leases
 * of the live ones, so a replica that dies without closing its sockets frees its places within
 * a few heartbeats instead of leaving the count high forever.
 */
@Injectable()
export class LiveConnectionQuota {
  private readonly leaseMs: number;

  constructor(
    private readonly store: SecurityStore,
    private readonly config: GatewayConfig,
  ) {
    this.leaseMs = config.WS_HEARTBEAT_MS * 3;
  }

  /** A lease of the IP's places, or null when the IP has WS_MAX_CONNECTIONS_PER_IP already. */
  async admitIp(ip: string): Promise<LiveLease | null> {
    const lease: LiveLease = {
      id: randomUUID(),
      ipKey: this.store.key(`ws:ip:${normalizeIp(ip || 'unknown')}`),
    };
    const held = await this.acquire(lease.ipKey, lease.id, this.config.WS_MAX_CONNECTIONS_PER_IP);
    return held ? lease : null;
  }

  /** Takes a place of the org (once per lease); false when the org is at its cap. */
  async admitOrg(lease: LiveLease, orgId: string): Promise<boolean> {
    const orgKey = this.store.key(`ws:org:${orgId}`);
    if (lease.orgKey === orgKey) return true;
    const held = await this.acquire(orgKey, lease.id, this.config.WS_MAX_CONNECTIONS_PER_ORG);
    if (held) lease.orgKey = orgKey;
    return held;
  }

  async renew(leases: readonly LiveLease[]): Promise<void> {
    if (leases.length === 0) return;
    const expiresAt = Date.now() + this.leaseMs;
    await this.store.run(async (redis) => {
      const pipeline = redis.pipeline();
      for (const lease of leases) {
        pipeline.leaseRenew(lease.ipKey, lease.id, expiresAt);
        if (lease.orgKey) pipeline.leaseRenew(lease.orgKey, lease.id, expiresAt);
      }
      await pipeline.exec();
    }, undefined);
  }

  async release(lease: LiveLease): Promise<void> {
    await this.store.run(async (redis) => {
      await redis.zrem(lease.ipKey, lease.id);
      if (lease.orgKey) await redis.zrem(lease.orgKey, lease.id);
    }, undefined);
  }

  private acquire(key: string, id: string, cap: number): Promise<boolean> {
    const now = Date.now();
    return this.store.run(
      async (redis) => (await redis.leaseAcquire(key, now, id, now + this.leaseMs, cap)) === 1,
      true,
    );
  }
}
