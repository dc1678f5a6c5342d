import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  ConflictError,
  type DashboardConfigDto,
  type DashboardConfigHistoryDto,
  type DashboardConfigHistoryQueryDto,
  DEFAULT_DASHBOARD_SETTINGS,
  type DashboardSettings,
  NotFoundError,
  type PutDashboardConfigDto,
  type RollbackDashboardConfigDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { RevisionedCache } from '@vantage/service-runtime';
import type { RedisClient } from '@vantage/transport';
import { BUCKETS_REDIS } from '../buckets/buckets-redis';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { orgCacheOptions } from './org-cache-options';
import { DashboardConfigRepository } from './dashboard-config.repository';
import type { DashboardConfigVersion } from './dashboard-config.schema';
import {
  applySettingsChange,
  completeSettings,
  sameSettings,
  settingsErrors,
} from './dashboard-settings';

/** Who recorded version 1 (the defaults) on an organisation's first use. */
const DEFAULTS_AUTHOR = { kind: 'service', id: 'traffic-monitor' } as const;
/** Writers racing for the next version retry this often before answering 409. */
const APPEND_ATTEMPTS = 5;
const DEFAULT_HISTORY_LIMIT = 50;

export interface ConfigChangeContext {
  readonly orgId: string;
  readonly actor: Actor | undefined;
  /** The message id: a redelivered change answers the version it made. */
  readonly messageId: string;
}

/**
 * The versioned dashboard settings of each organisation: window, baseline, and the default
 * thresholds (for events no RAD set matches, and for new sets). Every change appends a version
 * with who and when; a rollback appends a copy of an older version. Nothing is overwritten.
 */
@Injectable()
export class DashboardConfigService {
  /** The newest version per org, as every dashboard request reads it (see currentCached). */
  private readonly cache: RevisionedCache<DashboardConfigVersion>;

  constructor(
    private readonly repository: DashboardConfigRepository,
    @Inject(BUCKETS_REDIS) redis: RedisClient,
    config: TrafficMonitorConfig,
  ) {
    this.cache = new RevisionedCache(redis, orgCacheOptions(config, 'dashboard-config'));
  }

  async current(orgId: string): Promise<DashboardConfigDto> {
    return toDto(await this.currentCached(orgId));
  }

  async currentSettings(orgId: string): Promise<{ version: number; settings: DashboardSettings }> {
    const latest = await this.currentCached(orgId);
    return { version: latest.version, settings: completeSettings(latest.settings) };
  }

  /**
   * Applies the fields given. A change that changes nothing answers the current version
   * without adding one; `baseVersion` other than the current version answers 409.
   */
  async change(
    context: ConfigChangeContext,
    change: PutDashboardConfigDto,
  ): Promise<DashboardConfigDto> {
    const replay = await this.repository.byMessage(context.orgId, context.messageId);
    if (replay) return toDto(replay);
    return this.appendNext(context, (current) => {
      if (change.baseVersion !== undefined && change.baseVersion !== current.version) {
        throw new ConflictError(
          `the dashboard config is at version ${current.version}, not ${change.baseVersion}: reload and retry`,
        );
      }
      const settings = applySettingsChange(completeSettings(current.settings), change);
      const errors = settingsErrors(settings);
      if (errors.length > 0)
        throw new ValidationFailedError('the dashboard config is not valid', errors);
      return { settings, comment: change.comment ?? null, rolledBackFrom: null };
    });
  }

  /** Makes the settings of `version` current again, as a new version. */
  async rollback(
    context: ConfigChangeContext,
    request: RollbackDashboardConfigDto,
  ): Promise<DashboardConfigDto> {
    const replay = await this.repository.byMessage(context.orgId, context.messageId);
    if (replay) return toDto(replay);
    await this.latest(context.orgId);
    const target = await this.repository.byVersion(context.orgId, request.version);
    if (!target) throw new NotFoundError(`no dashboard config version ${request.version}`);
    return this.appendNext(context, () => ({
      settings: completeSettings(target.settings),
      comment: request.comment ?? `rollback to version ${target.version}`,
      rolledBackFrom: target.version,
    }));
  }

  async history(
    orgId: string,
    query: DashboardConfigHistoryQueryDto,
  ): Promise<DashboardConfigHistoryDto> {
    await this.latest(orgId);
    const versions = await this.repository.history(
      orgId,
      query.limit ?? DEFAULT_HISTORY_LIMIT,
      query.beforeVersion,
    );
    return { items: versions.map(toDto) };
  }

  /**
   * The newest version from this replica's memory while the org's revision in Redis is the one
   * it was read under: one GET per request, and a change on any replica is seen at once. Writers
   * read `latest` itself, so a version number is never taken from a stale copy.
   */
  private currentCached(orgId: string): Promise<DashboardConfigVersion> {
    return this.cache.get(orgId, () => this.latest(orgId));
  }

  /** The newest version; records the defaults as version 1 on first use. */
  private async latest(orgId: string): Promise<DashboardConfigVersion> {
    const latest = await this.repository.latest(orgId);
    if (latest) return latest;
    await this.repository.append({
      orgId,
      version: 1,
      settings: DEFAULT_DASHBOARD_SETTINGS,
      changedBy: { ...DEFAULTS_AUTHOR },
      changedAt: new Date(),
      comment: 'defaults',
      rolledBackFrom: null,
      messageId: null,
    });
    // Another writer may have won version 1 (or gone further): read what is there.
    const seeded = await this.repository.latest(orgId);
    if (!seeded) throw new Error(`dashboard config of ${orgId} vanished after seeding`);
    return seeded;
  }

  private async appendNext(
    context: ConfigChangeContext,
    next: (current: DashboardConfigVersion) => {
      settings: DashboardSettings;
      comment: string | null;
      rolledBackFrom: number | null;
    },
  ): Promise<DashboardConfigDto> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      const current = await this.latest(context.orgId);
      const { settings, comment, rolledBackFrom } = next(current);
      if (sameSettings(settings, completeSettings(current.settings))) return toDto(current);
      const entry = {
        orgId: context.orgId,
        version: current.version + 1,
        settings,
        changedBy: { kind: context.actor?.kind ?? 'anonymous', id: context.actor?.id ?? 'unknown' },
        changedAt: new Date(),
        comment,
        rolledBackFrom,
        messageId: context.messageId,
      };
      if (await this.repository.append(entry)) {
        await this.cache.changed(context.orgId);
        return toDto(entry);
      }
    }
    throw new ConflictError('the dashboard config is being changed concurrently: retry');
  }
}

function toDto(version: Omit<DashboardConfigVersion, '_id'>): DashboardConfigDto {
  return {
    version: version.version,
    settings: completeSettings(version.settings),
    changedBy: { kind: version.changedBy.kind, id: version.changedBy.id },
    changedAt: version.changedAt.toISOString(),
    comment: version.comment ?? null,
    rolledBackFrom: version.rolledBackFrom ?? null,
  };
}
