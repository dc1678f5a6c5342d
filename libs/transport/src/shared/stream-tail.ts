import type { RedisClient } from './redis-client';
import { Logger } from '@vantage/observability';
import { errorMessage } from './redis-connection';
import { repeatUntilStopped } from './repeat-until-stopped';

type XReadReply = Array<[string, Array<[string, string[]]>]> | null;

export interface StreamTailOptions {
  readonly stream: string;
  /** Dedicated connection: XREAD BLOCK holds it. */
  readonly blocking: RedisClient;
  readonly blockMs: number;
  readonly batch: number;
  /** `end`: only what is added after start(); `start`: everything in the stream. */
  readonly from: 'end' | 'start';
  /** Delete entries once delivered: for a stream this reader alone reads (its replies). */
  readonly deleteDelivered?: boolean;
  readonly logger?: Logger;
  readonly deliver: (entryId: string, fields: string[]) => void;
}

/**
 * Follows a stream outside any consumer group (every reader sees every entry), as broadcast
 * handlers and reply readers do. The cursor lives in memory, so a reader resumes after a Redis
 * reconnect where it stopped.
 */
export class StreamTail {
  private stopped = false;
  private cursor = '0-0';
  /** Delivered entries not deleted yet: deleted in the same write as the next read. */
  private undeleted: string[] = [];
  private loop?: Promise<void>;

  constructor(private readonly options: StreamTailOptions) {}

  async start(): Promise<void> {
    const { blocking, stream, from, logger } = this.options;
    if (from === 'end') {
      // Pin the cursor to the current end now, so nothing added after start() is missed.
      const last = (await blocking.xrevrange(stream, '+', '-', 'COUNT', 1)) as Array<
        [string, string[]]
      >;
      this.cursor = last[0]?.[0] ?? '0-0';
    }
    this.loop = repeatUntilStopped(
      () => this.stopped,
      () => this.readOnce(),
      (error) => logger?.warn({ stream, err: errorMessage(error) }, 'stream read failed'),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.blocking.disconnect();
    await this.loop;
  }

  private async readOnce(): Promise<void> {
    const { deliver, deleteDelivered } = this.options;
    const reply = await this.read();
    for (const [, entries] of reply ?? []) {
      for (const [entryId, fields] of entries) {
        this.cursor = entryId;
        deliver(entryId, fields);
        if (deleteDelivered) this.undeleted.push(entryId);
      }
    }
  }

  /** The next entries; what was delivered before is deleted in the same write, not a trip more. */
  private async read(): Promise<XReadReply> {
    const { blocking, stream, blockMs, batch } = this.options;
    const args = ['COUNT', batch, 'BLOCK', blockMs, 'STREAMS', stream, this.cursor] as const;
    if (this.undeleted.length === 0) return (await blocking.xread(...args)) as XReadReply;
    const deleting = this.undeleted;
    const results =
      (await blocking
        .pipeline()
        .xdel(stream, ...deleting)
        .xread(...args)
        .exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    // Only once Redis confirmed it: a failed deletion is tried again with the next read.
    this.undeleted = this.undeleted.slice(deleting.length);
    return results[1]?.[1] as XReadReply;
  }
}
