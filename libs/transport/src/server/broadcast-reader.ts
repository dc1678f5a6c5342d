import Redis from 'ioredis';
import { Logger } from '@vantage/observability';
import { errorMessage, sleep } from '../shared/redis-connection';
import { Delivery, StreamReadReply } from './delivery';

/**
 * Reads an event stream outside any consumer group, so every replica sees every entry. The
 * cursor lives in memory: a replica resumes after a Redis reconnect where it stopped, and a new
 * replica starts with what is emitted after it started.
 */
export class BroadcastReader {
  private stopped = false;
  private cursor = '$';
  private loop?: Promise<void>;

  constructor(
    private readonly stream: string,
    private readonly blocking: Redis,
    private readonly blockMs: number,
    private readonly deliver: (delivery: Delivery) => void,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    // Pin the cursor to the current end now, so nothing emitted after start() is missed.
    const last = (await this.blocking.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as Array<
      [string, string[]]
    >;
    this.cursor = last[0]?.[0] ?? '0-0';
    this.loop = this.readForever();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.blocking.disconnect();
    await this.loop;
  }

  private async readForever(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const reply = (await this.blocking.xread(
          'COUNT',
          100,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.stream,
          this.cursor,
        )) as StreamReadReply;
        failures = 0;
        for (const [, entries] of reply ?? []) {
          for (const [entryId, fields] of entries) {
            this.cursor = entryId;
            this.deliver({ stream: this.stream, entryId, fields, deliveryCount: 1 });
          }
        }
      } catch (error) {
        if (this.stopped) break;
        failures += 1;
        this.logger?.warn(
          { stream: this.stream, err: errorMessage(error) },
          'broadcast read failed',
        );
        await sleep(Math.min(2000, 50 * 2 ** Math.min(failures, 6)));
      }
    }
  }
}
