import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { NotFoundError, UnauthorizedError } from '@vantage/contracts';
import { MONGO_WORK_LOCK_TTL_MS, RedisLocks } from '@vantage/service-runtime';
import { AuditService } from '../audit/audit.service';
import { hashToken } from '../auth/refresh-token.service';
import type { ApiKeyPrincipal, Principal } from '../auth/principal';
import { principalId } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import { ApiKey } from '../identity/identity.schemas';
import { newId, randomToken } from '../identity/ids';
import { ServiceRouter } from '../routing/service-router';
import { TtlCache } from '../shared/ttl-cache';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';

export const API_KEY_PREFIX = 'vk_live_';
/** Broadcast to every gateway replica so a revoked key stops working everywhere at once. */
export const API_KEY_REVOKED_EVENT = 'gateway.api-key.revoked';
const KEY_SECRET_LENGTH = 40;
const LAST_USED_RESOLUTION_MS = 60_000;
/** How long a revocation waits for a lastUsedAt write (or another revocation) of the key. */
const KEY_LOCK_WAIT_MS = 10_000;
/** How long a key's check is trusted: a revocation reaches other replicas by broadcast anyway. */
const KEY_CACHE_TTL_MS = 30_000;
const MISS_CACHE_SIZE = 10_000;
const INVALID_KEY = 'the API key is invalid or revoked';

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

function toDto(key: ApiKey): ApiKeyDto {
  return {
    id: key._id,
    name: key.name,
    hint: key.hint,
    scopes: key.scopes,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/**
 * API keys for machine clients. Only a sha256 of each key is stored: keys are 40 random base62
 * characters (238 bits), so a fast hash is as safe as a slow one and keeps every request cheap.
 */
@Injectable()
export class ApiKeyService {
  /** keyHash → principal of a valid key. */
  private readonly cache: TtlCache<string, ApiKeyPrincipal>;
  /**
   * Hashes known to be invalid, apart from the valid ones and smaller: a flood of random keys
   * (which the per-IP failure budget already slows) evicts only other misses, never a valid key.
   */
  private readonly misses = new TtlCache<string, true>(KEY_CACHE_TTL_MS, MISS_CACHE_SIZE);
  private readonly lastUsedWritten = new TtlCache<string, true>(LAST_USED_RESOLUTION_MS, 100_000);
  /**
   * Bumped by every `forget`: a lookup that started before a revocation reached this replica
   * must not put the key it read back in the cache after the revocation removed it.
   */
  private forgets = 0;

  constructor(
    @InjectModel(ApiKey.name) private readonly keys: Model<ApiKey>,
    private readonly audit: AuditService,
    private readonly events: ServiceRouter,
    private readonly locks: RedisLocks,
    config: GatewayConfig,
  ) {
    this.cache = new TtlCache(KEY_CACHE_TTL_MS, config.API_KEY_CACHE_SIZE);
  }

  async create(actor: Principal, input: CreateApiKeyDto, ip: string): Promise<CreatedApiKeyDto> {
    const key = `${API_KEY_PREFIX}${randomToken(KEY_SECRET_LENGTH)}`;
    const record: ApiKey = {
      _id: newId('key'),
      orgId: actor.orgId,
      name: input.name,
      keyHash: hashToken(key),
      hint: `${key.slice(0, API_KEY_PREFIX.length + 4)}…`,
      scopes: input.scopes,
      createdBy: principalId(actor),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.keys.create(record);
    await this.audit.record({
      orgId: actor.orgId,
      action: 'api_key.created',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: record._id,
      ip,
      details: { name: record.name, scopes: record.scopes },
    });
    return { ...toDto(record), key };
  }

  async list(orgId: string): Promise<ApiKeyDto[]> {
    const keys = await this.keys.find({ orgId }).sort({ createdAt: -1 }).lean();
    return keys.map(toDto);
  }

  /**
   * Holding the key's lock (see `touch`): FerretDB writes an update back as the whole document
   * it read, so a lastUsedAt write interleaved with this one used to put `revokedAt: null` back.
   */
  async revoke(actor: Principal, keyId: string, ip: string): Promise<ApiKeyDto> {
    const revoked = await this.locks.withLock(
      keyLockName(keyId),
      MONGO_WORK_LOCK_TTL_MS,
      KEY_LOCK_WAIT_MS,
      async (lease) => {
        const existing = await this.keys.findOne({ _id: keyId, orgId: actor.orgId }).lean();
        if (!existing) throw new NotFoundError('no such API key');
        if (existing.revokedAt) return { key: existing, changed: false };
        const revokedAt = new Date();
        await lease.confirm();
        await this.keys.updateOne({ _id: keyId }, { $set: { revokedAt } });
        return { key: { ...existing, revokedAt }, changed: true };
      },
    );
    if (!revoked.changed) return toDto(revoked.key); // already revoked: revoking is idempotent
    return this.announceRevoked(actor, revoked.key, ip);
  }

  private async announceRevoked(actor: Principal, revoked: ApiKey, ip: string): Promise<ApiKeyDto> {
    this.forget(revoked.keyHash);
    await this.events.emit(API_KEY_REVOKED_EVENT, { keyHash: revoked.keyHash });
    await this.audit.record({
      orgId: actor.orgId,
      action: 'api_key.revoked',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: revoked._id,
      ip,
    });
    return toDto(revoked);
  }

  async authenticate(key: string): Promise<ApiKeyPrincipal> {
    const keyHash = hashToken(key);
    let principal = this.cache.get(keyHash);
    if (principal === undefined) {
      if (this.misses.get(keyHash)) throw new UnauthorizedError(INVALID_KEY);
      const forgetsBefore = this.forgets;
      const stored = await this.keys.findOne({ keyHash, revokedAt: null }).lean();
      if (!stored) {
        this.misses.set(keyHash, true);
        throw new UnauthorizedError(INVALID_KEY);
      }
      principal = {
        kind: 'api-key',
        keyId: stored._id,
        orgId: stored.orgId,
        scopes: stored.scopes,
      };
      // A revocation seen meanwhile may be this key's: answer from the read, cache nothing.
      if (this.forgets === forgetsBefore) this.cache.set(keyHash, principal);
    }
    this.touch(principal.keyId);
    return principal;
  }

  forget(keyHash: string): void {
    this.forgets += 1;
    this.cache.delete(keyHash);
  }

  /** lastUsedAt to the minute, written in the background: a request never waits for it. */
  private touch(keyId: string): void {
    if (this.lastUsedWritten.get(keyId)) return;
    this.lastUsedWritten.set(keyId, true);
    this.writeLastUsed(keyId).catch(() => {
      this.lastUsedWritten.delete(keyId);
    });
  }

  /**
   * Under the key's lock, as a revocation is; skipped (and tried on a later use) when the lock
   * is taken: lastUsedAt is a convenience, never worth waiting for or racing a revocation.
   */
  private async writeLastUsed(keyId: string): Promise<void> {
    const token = await this.locks.tryAcquire(keyLockName(keyId), MONGO_WORK_LOCK_TTL_MS);
    if (token === null) throw new Error('key busy');
    try {
      await this.keys.updateOne({ _id: keyId }, { $set: { lastUsedAt: new Date() } });
    } finally {
      await this.locks.release(keyLockName(keyId), token);
    }
  }
}

function keyLockName(keyId: string): string {
  return `api-key:${keyId}`;
}
