import type { BeginResult } from './idempotency-scripts';

/** One stream entry handed to this replica, with how many times Redis has delivered it. */
export interface Delivery {
  readonly stream: string;
  readonly entryId: string;
  readonly fields: readonly string[];
  readonly deliveryCount: number;
  /** Its done-check and lock, when they were taken in the same step as the read. */
  readonly begun?: BeginResult;
}

/** ioredis' reply shape for XREADGROUP / XREAD: [[stream, [[id, fields], ...]], ...]. */
export type StreamReadReply = Array<[string, Array<[string, string[]]>]> | null;
