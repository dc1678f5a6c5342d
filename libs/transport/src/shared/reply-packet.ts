import { ErrorPayload } from '@vantage/contracts';

/** What a server sends back for one request: every value the handler produced, or its error. */
export interface ReplyPacket {
  readonly correlationId: string;
  readonly responses: readonly unknown[];
  readonly error?: ErrorPayload;
}

/**
 * The `body` field of a reply entry (its other field, `cid`, is the correlation id). A request's
 * done marker keeps the same text, so a duplicate is answered without encoding it again.
 */
export function encodeReplyBody(packet: ReplyPacket): string {
  return JSON.stringify(packet);
}

/**
 * Every reply of one reply entry: one `cid`/`body` pair per reply (a server may answer a batch
 * of a caller's requests in one entry); a body that is not a reply packet is skipped.
 */
export function decodeReplies(fields: readonly string[]): ReplyPacket[] {
  const packets: ReplyPacket[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'body') continue;
    const packet = parsePacket(fields[i + 1] as string);
    if (packet) packets.push(packet);
  }
  return packets;
}

function parsePacket(body: string): ReplyPacket | undefined {
  try {
    const parsed = JSON.parse(body) as ReplyPacket;
    return typeof parsed.correlationId === 'string' && Array.isArray(parsed.responses)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}
