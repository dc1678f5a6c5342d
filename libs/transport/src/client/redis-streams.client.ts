import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RedisClient } from '../shared/redis-client';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import {
  ErrorCode,
  ErrorPayload,
  MessageEnvelope,
  storeUnavailableErrorOf,
} from '@vantage/contracts';
import { MessageMetrics, noopMessageMetrics } from '@vantage/observability';
import {
  closeConnection,
  createRedisConnection,
  duplicateConnection,
  errorMessage,
} from '../shared/redis-connection';
import { commandStreamKey, eventStreamKey, replyStreamKey } from '../shared/stream-keys';
import { replyOwnerOf } from '../shared/service-keys';
import {
  DEFAULT_MAX_STREAM_LENGTH,
  DEFAULT_PREFIX,
  RedisStreamsClientOptions,
} from '../shared/transport-options';
import { encodeMessage } from '../shared/wire-message';
import { decodeReplies } from '../shared/reply-packet';
import { StreamTail } from '../shared/stream-tail';
import { envelopeFromContext } from './envelope-factory';
import { TransportError } from './transport-error';

const BLOCK_MS = 2000;

interface PendingRequest {
  readonly callback: (packet: WritePacket) => void;
  readonly timer: NodeJS.Timeout;
  readonly pattern: string;
  readonly started: number;
}

/**
 * Nest ClientProxy for one target service over Redis Streams. `send` appends to the service's
 * command stream and waits for the reply on this client's own reply stream, failing with a
 * TIMEOUT error when no replica answers in time; `emit` appends to the event's stream, and
 * resolves once Redis has stored it.
 */
export class RedisStreamsClient extends ClientProxy {
  private readonly prefix: string;
  private readonly requestTimeoutMs: number;
  private readonly maxStreamLength: number;
  private readonly metrics: MessageMetrics;
  private readonly clientId: string;
  private readonly commandStream: string;
  private readonly replyStream: string;
  private readonly pending = new Map<string, PendingRequest>();
  private commands?: RedisClient;
  private replies?: StreamTail;
  private connecting?: Promise<void>;

  constructor(private readonly options: RedisStreamsClientOptions) {
    super();
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.maxStreamLength = options.maxStreamLength ?? DEFAULT_MAX_STREAM_LENGTH;
    this.metrics = options.metrics ?? noopMessageMetrics;
    // Named after the connection's Redis user: its ACL grants reading this user's replies only.
    this.clientId = `${replyOwnerOf(options.redisUrl)}:${randomBytes(8).toString('hex')}`;
    this.commandStream = commandStreamKey(this.prefix, options.service);
    this.replyStream = replyStreamKey(this.prefix, this.clientId);
  }

  get target(): string {
    return this.options.service;
  }

  connect(): Promise<void> {
    this.connecting ??= this.open();
    return this.connecting;
  }

  async close(): Promise<void> {
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      request.callback({
        err: this.failure(ErrorCode.Unavailable, 'client closed'),
        isDisposed: true,
      });
      this.pending.delete(id);
    }
    await this.replies?.stop();
    // A connection the caller lent us stays theirs to close.
    if (!this.options.connection) await closeConnection(this.commands);
    this.connecting = undefined;
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('RedisStreamsClient is not connected');
    return this.commands as T;
  }

  /**
   * Emits with an envelope chosen by the caller, e.g. to repeat a message under its original
   * messageId so the receiving service treats it as the same message.
   */
  async emitWithEnvelope(pattern: string, data: unknown, envelope: MessageEnvelope): Promise<void> {
    await this.connect();
    await this.requireCommands().xadd(
      eventStreamKey(this.prefix, pattern),
      'MAXLEN',
      '~',
      this.maxStreamLength,
      '*',
      ...encodeMessage({ pattern, data, envelope }),
    );
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { id } = this.assignPacketId(packet);
    const pattern = this.normalizePattern(packet.pattern);
    const started = performance.now();
    const timer = setTimeout(() => {
      if (!this.pending.delete(id)) return;
      this.metrics.requestCompleted(pattern, this.target, 'timeout', this.elapsed(started));
      callback({
        err: this.failure(
          ErrorCode.Timeout,
          `no reply from ${this.target} within ${this.requestTimeoutMs} ms (${pattern}): no live replica or too slow`,
        ),
        isDisposed: true,
      });
    }, this.requestTimeoutMs);
    this.pending.set(id, { callback, timer, pattern, started });

    const fields = encodeMessage({
      pattern,
      data: packet.data,
      envelope: envelopeFromContext(),
      reply: {
        stream: this.replyStream,
        correlationId: id,
        deadline: Date.now() + this.requestTimeoutMs,
        batched: true,
      },
    });
    this.connect()
      .then(() =>
        this.requireCommands().xadd(
          this.commandStream,
          'MAXLEN',
          '~',
          this.maxStreamLength,
          '*',
          ...fields,
        ),
      )
      .catch((error: unknown) => this.settle(id, { error: this.notSent(error) }));

    return () => {
      const request = this.pending.get(id);
      if (request) clearTimeout(request.timer);
      this.pending.delete(id);
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    await this.emitWithEnvelope(
      this.normalizePattern(packet.pattern),
      packet.data,
      envelopeFromContext(),
    );
    return undefined as T;
  }

  protected override serializeError(err: unknown): unknown {
    return err instanceof TransportError ? err : new TransportError(err as ErrorPayload);
  }

  private async open(): Promise<void> {
    const name = `client:${this.target}:${this.clientId}`;
    this.commands =
      this.options.connection ??
      createRedisConnection(this.options.redisUrl, name, this.options.logger);
    this.replies = new StreamTail({
      stream: this.replyStream,
      blocking: duplicateConnection(this.commands, `${name}:replies`, this.options.logger),
      blockMs: BLOCK_MS,
      batch: 500,
      from: 'start',
      // Only this client reads its reply stream: a reply read is a reply no longer needed.
      deleteDelivered: true,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      deliver: (_entryId, fields) => this.onReply(fields),
    });
    await this.replies.start();
  }

  private onReply(fields: string[]): void {
    for (const packet of decodeReplies(fields)) {
      this.settle(packet.correlationId, {
        responses: packet.responses,
        ...(packet.error ? { error: packet.error } : {}),
      });
    }
  }

  /** Hands a reply to its caller once; late or repeated replies find nobody and are dropped. */
  private settle(
    id: string,
    result: { responses?: readonly unknown[]; error?: ErrorPayload },
  ): void {
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    clearTimeout(request.timer);
    const outcome = result.error ? 'error' : 'ok';
    this.metrics.requestCompleted(
      request.pattern,
      this.target,
      outcome,
      this.elapsed(request.started),
    );
    if (result.error) {
      request.callback({ err: result.error, isDisposed: true });
      return;
    }
    const responses = result.responses ?? [];
    responses.forEach((response, index) =>
      request.callback({ response, isDisposed: index === responses.length - 1 }),
    );
    if (responses.length === 0) request.callback({ isDisposed: true });
  }

  /** Why a request could not be appended; a full Redis says when to try again. */
  private notSent(error: unknown): ErrorPayload {
    const refused = storeUnavailableErrorOf(error);
    if (!refused) return this.failure(ErrorCode.Unavailable, errorMessage(error));
    return {
      ...this.failure(ErrorCode.Unavailable, refused.message),
      ...(refused.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: refused.retryAfterSeconds }),
    };
  }

  private failure(code: ErrorCode, message: string): ErrorPayload {
    const status = code === ErrorCode.Timeout ? 504 : 503;
    return { code, status, message, service: this.target };
  }

  private elapsed(started: number): number {
    return (performance.now() - started) / 1000;
  }

  private requireCommands(): RedisClient {
    if (!this.commands) throw new Error('RedisStreamsClient is not connected');
    return this.commands;
  }
}
