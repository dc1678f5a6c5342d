import type { RedisClient } from '../shared/redis-client';
import { Logger } from '@vantage/observability';
import { errorMessage } from '../shared/redis-connection';
import { repeatUntilStopped, skipWhileRunning } from '../shared/repeat-until-stopped';
import { Delivery, StreamReadReply } from './delivery';
import type { TakenEntry } from './idempotency-scripts';

const FORGET_EVERY_TICKS = 60;

export interface GroupConsumerOptions {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  /** Dedicated connection: XREADGROUP BLOCK holds it. */
  readonly blocking: RedisClient;
  /** Shared connection for short commands. */
  readonly commands: RedisClient;
  readonly claimIdleMs: number;
  /** A consumer that holds nothing and was silent this long belongs to a replica that is gone. */
  readonly forgetConsumersAfterMs: number;
  readonly blockMs: number;
  readonly logger?: Logger;
  /** How many entries may be read now (free handler slots). Resolves to at least 1. */
  readonly capacity: () => Promise<number>;
  /**
   * Reads up to `count` new entries without blocking and begins them in the same step; an
   * empty answer means nothing is waiting. Without it every read blocks and entries come
   * un-begun.
   */
  readonly take?: (count: number) => Promise<TakenEntry[]>;
  readonly deliver: (delivery: Delivery) => void;
}

/**
 * Reads one stream as one member of a consumer group: new entries with XREADGROUP, and entries
 * a dead or stuck replica left pending with XAUTOCLAIM. While this replica holds an entry it
 * keeps resetting the entry's idle time, so only silent replicas lose their work.
 */
export class GroupConsumer {
  private stopped = false;
  private readonly held = new Set<string>();
  private readLoop?: Promise<void>;
  private claimTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private claimTicks = 0;
  /** The last read filled every free slot: more entries are probably waiting. */
  private backlog = false;

  constructor(private readonly options: GroupConsumerOptions) {}

  get stream(): string {
    return this.options.stream;
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.readLoop = repeatUntilStopped(
      () => this.stopped,
      () => this.readOnce(),
      (error) => this.onReadFailure(error),
    );
    const { claimIdleMs } = this.options;
    const claim = skipWhileRunning(() => this.claimIdle());
    const heartbeat = skipWhileRunning(() => this.heartbeat());
    this.claimTimer = setInterval(claim, Math.max(50, claimIdleMs / 2));
    this.heartbeatTimer = setInterval(heartbeat, Math.max(50, claimIdleMs / 3));
  }

  /** The entry is done or given back: stop refreshing its idle time. */
  release(entryId: string): void {
    this.held.delete(entryId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.claimTimer);
    clearInterval(this.heartbeatTimer);
    this.options.blocking.disconnect();
    await this.readLoop;
  }

  private async ensureGroup(): Promise<void> {
    const { commands, stream, group } = this.options;
    try {
      await commands.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    } catch (error) {
      if (!errorMessage(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async readOnce(): Promise<void> {
    const { blocking, stream, group, consumer, blockMs, take } = this.options;
    const count = await this.options.capacity();
    if (this.stopped) return;
    // Busy: entries are waiting, read and begin them in one step. Idle: block until one comes.
    const taken = take && this.backlog ? await take(count) : [];
    if (taken.length > 0) {
      this.backlog = taken.length >= count;
      for (const { entryId, fields, begun } of taken) this.hand(entryId, fields, 1, begun);
      return;
    }
    const reply = (await blocking.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      stream,
      '>',
    )) as StreamReadReply;
    const entries = reply?.[0]?.[1] ?? [];
    this.backlog = entries.length >= count;
    for (const [entryId, fields] of entries) this.hand(entryId, fields, 1);
  }

  private async onReadFailure(error: unknown): Promise<void> {
    // A Redis restarted without its data has lost the group: make it again and go on.
    if (errorMessage(error).includes('NOGROUP')) {
      await this.ensureGroup().catch(() => undefined);
    } else {
      this.options.logger?.warn(
        { stream: this.options.stream, err: errorMessage(error) },
        'stream read failed',
      );
    }
  }

  private hand(
    entryId: string,
    fields: string[] | null,
    deliveryCount: number,
    begun?: TakenEntry['begun'],
  ): void {
    if (!fields) return;
    this.held.add(entryId);
    const { stream } = this.options;
    this.options.deliver({ stream, entryId, fields, deliveryCount, ...(begun ? { begun } : {}) });
  }

  private async claimIdle(): Promise<void> {
    if (this.stopped) return;
    const { commands, stream, group, consumer, claimIdleMs } = this.options;
    try {
      this.claimTicks += 1;
      if (this.claimTicks % FORGET_EVERY_TICKS === 0) await this.forgetDeadConsumers();
      let cursor = '0-0';
      // Bounded: a backlog of abandoned entries is worked off over several ticks.
      for (let round = 0; round < 10 && !this.stopped; round++) {
        const free = await this.options.capacity();
        const [next, entries] = (await commands.xautoclaim(
          stream,
          group,
          consumer,
          claimIdleMs,
          cursor,
          'COUNT',
          free,
        )) as [string, Array<[string, string[] | null]>];
        if (entries.length > 0) await this.handClaimed(entries);
        cursor = next;
        if (cursor === '0-0') break;
      }
    } catch (error) {
      if (errorMessage(error).includes('NOGROUP')) await this.ensureGroup().catch(() => undefined);
      else this.options.logger?.warn({ stream, err: errorMessage(error) }, 'claim failed');
    }
  }

  /**
   * Replicas that stopped leave their consumer behind in the group; once such a consumer holds
   * nothing and has been silent for long, remove it so XINFO stays readable.
   */
  private async forgetDeadConsumers(): Promise<void> {
    const { commands, stream, group, consumer } = this.options;
    const consumers = (await commands.xinfo('CONSUMERS', stream, group)) as Array<
      Array<string | number>
    >;
    for (const fields of consumers) {
      const info = new Map<string, string | number>();
      for (let i = 0; i + 1 < fields.length; i += 2)
        info.set(String(fields[i]), fields[i + 1] as string | number);
      const name = String(info.get('name'));
      if (name === consumer) continue;
      if (
        Number(info.get('pending')) === 0 &&
        Number(info.get('idle')) > this.options.forgetConsumersAfterMs
      ) {
        await commands.xgroup('DELCONSUMER', stream, group, name);
      }
    }
  }

  private async handClaimed(entries: Array<[string, string[] | null]>): Promise<void> {
    const { commands, stream, group } = this.options;
    const first = entries[0]?.[0] as string;
    const last = entries[entries.length - 1]?.[0] as string;
    const pending = (await commands.xpending(stream, group, first, last, entries.length)) as Array<
      [string, string, number, number]
    >;
    const counts = new Map(pending.map(([id, , , count]) => [id, count]));
    for (const [entryId, fields] of entries) {
      if (!fields) {
        // Trimmed away while pending: nothing left to run.
        await commands.xack(stream, group, entryId);
        continue;
      }
      if (this.held.has(entryId)) continue;
      this.hand(entryId, fields, counts.get(entryId) ?? 2);
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped || this.held.size === 0) return;
    const { commands, stream, group, consumer } = this.options;
    try {
      await commands.xclaim(stream, group, consumer, 0, ...this.held, 'JUSTID');
    } catch (error) {
      this.options.logger?.warn({ stream, err: errorMessage(error) }, 'heartbeat failed');
    }
  }
}
