import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { NotFoundError, UnauthorizedError } from '@vantage/contracts';
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

  constructor(
    @InjectModel(ApiKey.name) private readonly keys: Model<ApiKey>,
    private readonly audit: AuditService,
    private readonly events: ServiceRouter,
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

  async revoke(actor: Principal, keyId: string, ip: string): Promise<ApiKeyDto> {
    const revoked = await this.keys
      .findOneAndUpdate(
        { _id: keyId, orgId: actor.orgId, revokedAt: null },
        { $set: { revokedAt: new Date() } },
        { new: true },
      )
      .lean();
    if (!revoked) {
      const existing = await this.keys.findOne({ _id: keyId, orgId: actor.orgId }).lean();
      if (!existing) throw new NotFoundError('no such API key');
      return toDto(existing); // already revoked: revoking is idempotent
    }
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
      this.cache.set(keyHash, principal);
    }
    this.touch(principal.keyId);
    return principal;
  }

  forget(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  /** lastUsedAt to the minute, written in the background: a request never waits for it. */
  private touch(keyId: string): void {
    if (this.lastUsedWritten.get(keyId)) return;
    this.lastUsedWritten.set(keyId, true);
    this.keys.updateOne({ _id: keyId }, { $set: { lastUsedAt: new Date() } }).catch(() => {
      this.lastUsedWritten.delete(keyId);
    });
  }
}
