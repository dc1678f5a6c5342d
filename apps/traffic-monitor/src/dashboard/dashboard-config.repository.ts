import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DashboardConfigHead } from './dashboard-config-head.schema';
import { DashboardConfigVersion } from './dashboard-config.schema';

const DUPLICATE_KEY = 11000;
/**
 * Changes whose message a head remembers. A change redelivered after more changes than this
 * is applied again, and answers the current version unchanged (a change that changes nothing
 * adds no version).
 */
const REMEMBERED_MESSAGES = 50;

/** The filter of one version's document: its `_id` alone (keyed on every store). */
export function configVersionFilter(orgId: string, version: number): { _id: string } {
  return { _id: `${orgId}:${version}` };
}

/** The filter of an org's head: its `_id` alone. */
export function configHeadFilter(orgId: string): { _id: string } {
  return { _id: orgId };
}

/** The only place that touches the dashboard config versions. */
@Injectable()
export class DashboardConfigRepository {
  constructor(
    @InjectModel(DashboardConfigVersion.name)
    private readonly versions: Model<DashboardConfigVersion>,
    @InjectModel(DashboardConfigHead.name)
    private readonly heads: Model<DashboardConfigHead>,
  ) {}

  /**
   * The newest version, by keyed reads only: the head's version, then each next one until
   * none (one read more than the head in the usual case). An org recorded before heads existed
   * walks from version 1 once, and leaves a head behind.
   */
  async latest(orgId: string): Promise<DashboardConfigVersion | null> {
    const head = await this.heads
      .findOne(configHeadFilter(orgId))
      .lean<DashboardConfigHead>()
      .exec();
    const from = head?.version ?? 0;
    let latest = from > 0 ? await this.byVersion(orgId, from) : null;
    for (let next = await this.byVersion(orgId, from + 1); next;) {
      latest = next;
      next = await this.byVersion(orgId, next.version + 1);
    }
    if (latest && latest.version !== from) await this.moveHead(orgId, latest.version);
    return latest;
  }

  byVersion(orgId: string, version: number): Promise<DashboardConfigVersion | null> {
    return this.versions
      .findOne(configVersionFilter(orgId, version))
      .lean<DashboardConfigVersion>()
      .exec();
  }

  /** The version a change message made, if it is among the org's last changes. */
  async byMessage(orgId: string, messageId: string): Promise<DashboardConfigVersion | null> {
    const head = await this.heads
      .findOne(configHeadFilter(orgId))
      .lean<DashboardConfigHead>()
      .exec();
    const made = head?.messages?.find((message) => message.id === messageId);
    return made ? this.byVersion(orgId, made.version) : null;
  }

  /** Newest first. */
  async history(
    orgId: string,
    limit: number,
    beforeVersion?: number,
  ): Promise<DashboardConfigVersion[]> {
    // Versions are numbered 1, 2, ... without gaps: a page is a run of keyed reads.
    const latest = await this.latest(orgId);
    if (!latest) return [];
    const top = Math.min(latest.version, (beforeVersion ?? Number.POSITIVE_INFINITY) - 1);
    const wanted: number[] = [];
    for (let version = top; version >= 1 && wanted.length < limit; version -= 1) {
      wanted.push(version);
    }
    const found = await Promise.all(wanted.map((version) => this.byVersion(orgId, version)));
    return found.filter((version): version is DashboardConfigVersion => version !== null);
  }

  /** Points the org's head at `version` unless it is further already. */
  private async moveHead(orgId: string, version: number, messageId?: string | null): Promise<void> {
    const made = messageId
      ? {
          $push: {
            messages: { $each: [{ id: messageId, version }], $slice: -REMEMBERED_MESSAGES },
          },
        }
      : {};
    await this.heads
      .updateOne(configHeadFilter(orgId), { $max: { version }, ...made }, { upsert: true })
      .exec();
  }

  /** false when that version number was taken first by another writer. */
  async append(entry: Omit<DashboardConfigVersion, '_id'>): Promise<boolean> {
    try {
      await this.versions.create({ ...configVersionFilter(entry.orgId, entry.version), ...entry });
      await this.moveHead(entry.orgId, entry.version, entry.messageId);
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
