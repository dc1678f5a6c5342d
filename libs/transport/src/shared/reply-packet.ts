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

export function decodeReply(fields: readonly string[]): ReplyPacket | undefined {
  const bodyIndex = fields.indexOf('body');
  const body = bodyIndex >= 0 ? fields[bodyIndex + 1] : undefined;
  if (body === undefined) return undefined;
  try {
    const parsed = JSON.parse(body) as ReplyPacket;
    return typeof parsed.correlationId === 'string' && Array.isArray(parsed.responses)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}
