/** One stream entry handed to this replica, with how many times Redis has delivered it. */
export interface Delivery {
  readonly stream: string;
  readonly entryId: string;
  readonly fields: readonly string[];
  readonly deliveryCount: number;
}

/** ioredis' reply shape for XREADGROUP / XREAD: [[stream, [[id, fields], ...]], ...]. */
export type StreamReadReply = Array<[string, Array<[string, string[]]>]> | null;
