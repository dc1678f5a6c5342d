import { MessageEnvelope } from '@vantage/contracts';

/** One message as it sits in a stream entry. Requests carry where and how long to answer. */
export interface WireMessage {
  readonly pattern: string;
  readonly data: unknown;
  readonly envelope: MessageEnvelope;
  readonly reply?: {
    readonly stream: string;
    readonly correlationId: string;
    /** Epoch ms after which the caller has given up: the request is dropped, not run late. */
    readonly deadline: number;
    /**
     * The caller reads several replies from one reply entry (reply-packet.ts), so a server may
     * answer the requests of one batch in one append. Absent from callers that predate it.
     */
    readonly batched?: boolean;
  };
}

export class MalformedMessageError extends Error {}

export function encodeMessage(message: WireMessage): string[] {
  const fields = [
    'pattern',
    message.pattern,
    'data',
    JSON.stringify(message.data ?? null),
    'env',
    JSON.stringify(message.envelope),
  ];
  if (message.reply) {
    fields.push(
      'reply',
      message.reply.stream,
      'cid',
      message.reply.correlationId,
      'deadline',
      String(message.reply.deadline),
    );
    if (message.reply.batched) fields.push('replies', 'batched');
  }
  return fields;
}

export function fieldsToRecord(fields: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    record[fields[i] as string] = fields[i + 1] as string;
  }
  return record;
}

function parseJson(raw: string | undefined, field: string): unknown {
  if (raw === undefined) throw new MalformedMessageError(`missing field ${field}`);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new MalformedMessageError(`field ${field} is not JSON`);
  }
}

function parseEnvelope(raw: string | undefined): MessageEnvelope {
  const value = parseJson(raw, 'env');
  if (typeof value !== 'object' || value === null) {
    throw new MalformedMessageError('envelope is not an object');
  }
  const envelope = value as Partial<MessageEnvelope>;
  if (typeof envelope.messageId !== 'string' || envelope.messageId.length === 0) {
    throw new MalformedMessageError('envelope has no messageId');
  }
  if (typeof envelope.requestId !== 'string' || typeof envelope.sentAt !== 'string') {
    throw new MalformedMessageError('envelope lacks requestId or sentAt');
  }
  return envelope as MessageEnvelope;
}

export function decodeMessage(fields: readonly string[]): WireMessage {
  const record = fieldsToRecord(fields);
  const pattern = record['pattern'];
  if (!pattern) throw new MalformedMessageError('missing field pattern');
  const envelope = parseEnvelope(record['env']);
  const data = parseJson(record['data'], 'data');
  const stream = record['reply'];
  const correlationId = record['cid'];
  if (stream === undefined || correlationId === undefined) {
    return { pattern, data, envelope };
  }
  const deadline = Number(record['deadline']);
  if (!Number.isFinite(deadline)) throw new MalformedMessageError('deadline is not a number');
  const batched = record['replies'] === 'batched';
  return {
    pattern,
    data,
    envelope,
    reply: { stream, correlationId, deadline, ...(batched ? { batched } : {}) },
  };
}
