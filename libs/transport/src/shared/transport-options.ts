import type { RedisClient } from './redis-client';
import { Logger, MessageMetrics } from '@vantage/observability';

export interface RedisStreamsCommonOptions {
  readonly redisUrl: string;
  /** Namespace of every key; tests give each file its own. */
  readonly prefix?: string;
  readonly logger?: Logger;
  readonly metrics?: MessageMetrics;
}

export interface RedisStreamsServerOptions extends RedisStreamsCommonOptions {
  /** The service this server works for: its command stream and consumer group name. */
  readonly service: string;
  /** Unique per replica; defaults to host, pid and a random suffix. */
  readonly consumerName?: string;
  /** Messages handled at once by this replica. */
  readonly concurrency?: number;
  /** A message left unacknowledged this long by a silent replica is taken over by another. */
  readonly claimIdleMs?: number;
  /** Idle time after which a stopped replica's empty consumer is removed from the group. */
  readonly forgetConsumersAfterMs?: number;
  /** Deliveries after which a failing message goes to the dead-letter stream. */
  readonly maxDeliveries?: number;
  /**
   * How long a handled message's id is remembered to absorb duplicates (default 10 min).
   * Handlers whose effects must be idempotent for longer keep the messageId with their data.
   */
  readonly dedupeTtlMs?: number;
  /** How long close() waits for handlers in progress. */
  readonly drainTimeoutMs?: number;
  /** Approximate cap on the dead-letter stream, which keeps a copy of each message's body. */
  readonly deadLetterMaxLength?: number;
  /** Handled entries of the streams this replica reads stay this long, then are trimmed. */
  readonly streamTailMs?: number;
  /** How often this replica trims the streams it reads. */
  readonly trimIntervalMs?: number;
}

export interface RedisStreamsClientOptions extends RedisStreamsCommonOptions {
  /** The service whose replicas answer this client's requests. */
  readonly service: string;
  readonly requestTimeoutMs?: number;
  readonly maxStreamLength?: number;
  /**
   * An open connection to `redisUrl` (same user) to append requests and events on, shared with
   * the caller's other commands so they leave in one write (give it enableAutoPipelining). The
   * client reads replies on a duplicate of it and never closes it. Default: its own connection.
   */
  readonly connection?: RedisClient;
}

export const DEFAULT_PREFIX = 'vantage';
export const DEFAULT_MAX_STREAM_LENGTH = 100_000;
export const DEFAULT_DEAD_LETTER_MAX_LENGTH = 1_000;
/** Long enough for a broadcast reader that lost its connection to catch up. */
export const DEFAULT_STREAM_TAIL_MS = 2 * 60_000;
export const DEFAULT_TRIM_INTERVAL_MS = 5_000;
