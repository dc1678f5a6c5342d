import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RedisClient } from '../shared/redis-client';
import { lastValueFrom } from 'rxjs';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { ErrorCode, ErrorPayload, isPlan } from '@vantage/contracts';
import {
  MessageKind,
  MessageMetrics,
  MessageOutcome,
  noopMessageMetrics,
  runWithContext,
} from '@vantage/observability';
import {
  closeConnection,
  createRedisConnection,
  duplicateConnection,
  errorMessage,
} from '../shared/redis-connection';
import {
  commandStreamKey,
  deadLetterStreamKey,
  doneKey,
  eventStreamKey,
  lockKey,
} from '../shared/stream-keys';
import {
  DEFAULT_DEAD_LETTER_MAX_LENGTH,
  DEFAULT_PREFIX,
  DEFAULT_STREAM_TAIL_MS,
  DEFAULT_TRIM_INTERVAL_MS,
  RedisStreamsServerOptions,
} from '../shared/transport-options';
import { MalformedMessageError, WireMessage, decodeMessage } from '../shared/wire-message';
import { ReplyPacket, encodeReplyBody } from '../shared/reply-packet';
import { StreamTail } from '../shared/stream-tail';
import { StreamTrimmer } from './stream-trimmer';
import { BROADCAST_EXTRA } from './broadcast-event-pattern.decorator';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { Delivery } from './delivery';
import { GroupConsumer } from './group-consumer';
import { IdempotencyScripts, ScriptedReply } from './idempotency-scripts';
import { RedisStreamsContext } from './redis-streams.context';
import { isPermanentFailure, toErrorPayload } from './to-error-payload';

const BLOCK_MS = 2000;
/** A caller's reply stream: capped, and gone a minute after the last reply (a dead caller's). */
const REPLY_STREAM_LIMITS = { maxLength: 10_000, ttlMs: 60_000 };
/**
 * How long past its deadline a request stays marked done: after the deadline a copy is dropped
 * as expired anyway, so only clocks of replicas that disagree need this margin.
 */
const REQUEST_DONE_GRACE_MS = 60_000;

type HandlerResult = { readonly responses: unknown[]; readonly error?: ErrorPayload };

/**
 * Nest transport strategy over Redis Streams. Each service has a command stream and each event
 * pattern a stream; the replicas of a service form one consumer group on each, so a message is
 * handled by exactly one replica, survives the death of the replica that held it (another one
 * claims it after `claimIdleMs`) and is remembered by id once handled, so a redelivery changes
 * nothing twice. Handlers marked with BroadcastEventPattern run on every replica instead.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  private readonly service: string;
  private readonly prefix: string;
  private readonly consumerName: string;
  private readonly claimIdleMs: number;
  private readonly maxDeliveries: number;
  private readonly dedupeTtlMs: number;
  private readonly drainTimeoutMs: number;
  private readonly metrics: MessageMetrics;
  private readonly limiter: ConcurrencyLimiter;
  private commands?: RedisClient;
  private scripts?: IdempotencyScripts;
  private trimmer?: StreamTrimmer;
  /** Streams only this service's group reads: an entry it acknowledges is deleted at once. */
  private readonly soleReaderStreams = new Set<string>();
  private readonly consumers = new Map<string, GroupConsumer>();
  private readonly broadcasts: StreamTail[] = [];
  private closing = false;

  constructor(private readonly options: RedisStreamsServerOptions) {
    super();
    this.service = options.service;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.consumerName =
      options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.claimIdleMs = options.claimIdleMs ?? 15_000;
    this.maxDeliveries = options.maxDeliveries ?? 5;
    // Acknowledged entries are never redelivered, so the marker only has to catch duplicate
    // entries (a producer's retry), which come within seconds; each marker costs Redis memory.
    this.dedupeTtlMs = options.dedupeTtlMs ?? 10 * 60_000;
    this.drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.metrics = options.metrics ?? noopMessageMetrics;
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? 32);
  }

  get consumer(): string {
    return this.consumerName;
  }

  /** Messages read by this replica and not finished yet. */
  get inFlight(): number {
    return this.limiter.active;
  }

  on(): never {
    throw new Error('RedisStreamsServer emits no events; use status instead');
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('RedisStreamsServer is not listening');
    return this.commands as T;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.trimmer?.stop();
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
    await Promise.all(this.broadcasts.map((reader) => reader.stop()));
    const drained = await this.limiter.drain(this.drainTimeoutMs);
    if (!drained) {
      this.options.logger?.warn(
        { inFlight: this.limiter.active },
        'closing with messages in progress; other replicas will take them over',
      );
    }
    await closeConnection(this.commands);
  }

  private async start(): Promise<void> {
    const name = `${this.service}:${this.consumerName}`;
    const commands = createRedisConnection(this.options.redisUrl, name, this.options.logger);
    this.commands = commands;
    this.scripts = new IdempotencyScripts(commands, REPLY_STREAM_LIMITS);

    const groupStreams = new Set<string>();
    const broadcastStreams = new Set<string>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        const stream = commandStreamKey(this.prefix, this.service);
        groupStreams.add(stream);
        // Clients append requests for this service alone; nothing else reads its command stream.
        this.soleReaderStreams.add(stream);
      } else if (handler.extras?.[BROADCAST_EXTRA] === true) {
        broadcastStreams.add(eventStreamKey(this.prefix, pattern));
      } else groupStreams.add(eventStreamKey(this.prefix, pattern));
    }

    for (const stream of groupStreams) {
      const consumer = new GroupConsumer({
        stream,
        group: this.service,
        consumer: this.consumerName,
        blocking: duplicateConnection(commands, `${name}:read`, this.options.logger),
        commands,
        claimIdleMs: this.claimIdleMs,
        forgetConsumersAfterMs: this.options.forgetConsumersAfterMs ?? 3600_000,
        blockMs: BLOCK_MS,
        ...(this.options.logger ? { logger: this.options.logger } : {}),
        capacity: () => this.limiter.whenFree(),
        take: (count) =>
          this.requireScripts().take({
            stream,
            group: this.service,
            consumer: this.consumerName,
            count,
            owner: this.consumerName,
            lockMs: this.claimIdleMs,
            donePrefix: doneKey(stream, this.service, ''),
            lockPrefix: lockKey(stream, this.service, ''),
          }),
        deliver: (delivery) => this.dispatch(delivery, false),
      });
      this.consumers.set(stream, consumer);
    }
    for (const stream of broadcastStreams) {
      this.broadcasts.push(
        new StreamTail({
          stream,
          blocking: duplicateConnection(commands, `${name}:broadcast`, this.options.logger),
          blockMs: BLOCK_MS,
          batch: 100,
          from: 'end',
          ...(this.options.logger ? { logger: this.options.logger } : {}),
          deliver: (entryId, fields) =>
            this.dispatch({ stream, entryId, fields, deliveryCount: 1 }, true),
        }),
      );
    }
    await Promise.all([
      ...[...this.consumers.values()].map((consumer) => consumer.start()),
      ...this.broadcasts.map((reader) => reader.start()),
    ]);
    // Event streams may have other groups and broadcast readers, so their entries are not
    // deleted on acknowledgement but trimmed by age, never past what a group still needs.
    this.trimmer = new StreamTrimmer({
      redis: commands,
      tailMs: this.options.streamTailMs ?? DEFAULT_STREAM_TAIL_MS,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    this.trimmer.start(
      [...groupStreams, ...broadcastStreams],
      this.options.trimIntervalMs ?? DEFAULT_TRIM_INTERVAL_MS,
    );
    this.options.logger?.info(
      { consumer: this.consumerName, streams: [...groupStreams, ...broadcastStreams] },
      'message transport listening',
    );
  }

  private dispatch(delivery: Delivery, broadcast: boolean): void {
    this.limiter
      .run((freeSlot) => this.process(delivery, broadcast, freeSlot))
      .catch((error: unknown) => {
        // Redis went away mid-message: the entry stays pending and is claimed again later.
        this.options.logger?.warn(
          { stream: delivery.stream, entryId: delivery.entryId, err: errorMessage(error) },
          'message processing interrupted',
        );
      })
      .finally(() => this.consumers.get(delivery.stream)?.release(delivery.entryId));
  }

  private async process(
    delivery: Delivery,
    broadcast: boolean,
    freeSlot: () => void,
  ): Promise<void> {
    let message: WireMessage;
    try {
      message = decodeMessage(delivery.fields);
    } catch (error) {
      const reason = error instanceof MalformedMessageError ? error.message : errorMessage(error);
      if (!broadcast) await this.deadLetter(delivery, undefined, `malformed: ${reason}`);
      return;
    }
    const { envelope } = message;
    const context = {
      requestId: envelope.requestId,
      messageId: envelope.messageId,
      ...(envelope.orgId ? { orgId: envelope.orgId } : {}),
      ...(envelope.actor ? { actor: envelope.actor } : {}),
      ...(isPlan(envelope.plan) ? { plan: envelope.plan } : {}),
      ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
    };
    await runWithContext(context, () => this.handle(delivery, message, broadcast, freeSlot));
  }

  /** `freeSlot` gives the concurrency slot back once the handler is done (see the limiter). */
  private async handle(
    delivery: Delivery,
    message: WireMessage,
    broadcast: boolean,
    freeSlot: () => void,
  ): Promise<void> {
    const kind: MessageKind = broadcast ? 'broadcast' : message.reply ? 'request' : 'event';
    const started = performance.now();
    const finished = (outcome: MessageOutcome): void => {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.messageHandled(message.pattern, kind, outcome, seconds);
      this.options.logger?.debug(
        {
          pattern: message.pattern,
          kind,
          outcome,
          deliveryCount: delivery.deliveryCount,
          duration_ms: Math.round(seconds * 1000),
        },
        'message handled',
      );
    };
    const handler = this.handlerOf(message.pattern);
    const context = new RedisStreamsContext({
      pattern: message.pattern,
      envelope: message.envelope,
      stream: delivery.stream,
      entryId: delivery.entryId,
      deliveryCount: delivery.deliveryCount,
    });

    if (broadcast) {
      const result = handler ? await this.runEvent(handler, message.data, context) : undefined;
      if (result?.error) this.logHandlerError(message, result.error);
      finished(result?.error ? 'error' : 'ok');
      return;
    }
    if (!handler) {
      await this.reply(message, {
        responses: [],
        error: {
          code: ErrorCode.NotFound,
          status: 404,
          message: `${this.service} has no handler for ${message.pattern}`,
          service: this.service,
        },
      });
      await Promise.all([this.ack(delivery), this.releaseTakenLock(delivery, message)]);
      finished('error');
      return;
    }
    if (message.reply && message.reply.deadline < Date.now()) {
      // The caller has given up: running it now would do work nobody waits for.
      await Promise.all([this.ack(delivery), this.releaseTakenLock(delivery, message)]);
      finished('expired');
      return;
    }
    if (delivery.deliveryCount > this.maxDeliveries) {
      await this.deadLetter(delivery, message, `failed ${delivery.deliveryCount - 1} deliveries`);
      finished('dead-lettered');
      return;
    }
    if (delivery.deliveryCount > 1) this.metrics.messageRedelivered(message.pattern);

    const scripts = this.requireScripts();
    const done = doneKey(delivery.stream, this.service, message.envelope.messageId);
    const lock = lockKey(delivery.stream, this.service, message.envelope.messageId);
    const begin =
      delivery.begun ?? (await scripts.begin(done, lock, this.consumerName, this.claimIdleMs));
    if (begin.state === 'done') {
      // The stored reply body of the first run: its responses, under this copy's correlation id.
      const first = message.reply ? (JSON.parse(begin.stored) as HandlerResult) : undefined;
      await Promise.all([first && this.reply(message, first), this.ack(delivery)]);
      finished('duplicate');
      return;
    }
    if (begin.state === 'busy') {
      // A twin of this message is running elsewhere; look again once it is finished.
      return;
    }

    // The lock must outlive a slow handler, but not a dead replica: keep it fresh while we run.
    const keepLock = setInterval(
      () =>
        void this.requireCommands()
          .pexpire(lock, this.claimIdleMs)
          .catch(() => undefined),
      Math.max(50, this.claimIdleMs / 3),
    );
    const result = await (
      message.reply
        ? this.runRequest(handler, message.data, context)
        : this.runEvent(handler, message.data, context)
    ).finally(() => clearInterval(keepLock));
    // What is left are Redis steps: the next read may go in the same write as them. They stay
    // bounded: that read travels on the same connection, so it is answered after them.
    freeSlot();
    if (result.error) this.logHandlerError(message, result.error);

    if (!message.reply && result.error) {
      await this.requireCommands().del(lock);
      if (isPermanentFailure(result.error)) {
        await this.deadLetter(delivery, message, `${result.error.code}: ${result.error.message}`);
        finished('dead-lettered');
      } else {
        // Left pending: claimed again after claimIdleMs, which is the retry backoff.
        finished('error');
      }
      return;
    }
    // One write, reply first: the caller is answered and the message marked done without
    // another round trip in between; the done marker keeps the reply's body for duplicates.
    const reply = this.replyOf(message, result);
    await scripts.finish({
      doneKey: done,
      lockKey: lock,
      stream: delivery.stream,
      stored: reply?.body ?? '1',
      ttlMs: this.doneTtlMs(message),
      group: this.service,
      entryId: delivery.entryId,
      deleteEntry: this.soleReaderStreams.has(delivery.stream),
      ...(reply ? { reply } : {}),
    });
    finished(result.error ? 'error' : 'ok');
  }

  private async runRequest(
    handler: MessageHandler,
    data: unknown,
    context: RedisStreamsContext,
  ): Promise<HandlerResult> {
    const responses: unknown[] = [];
    try {
      const stream$ = this.transformToObservable(await handler(data, context));
      await new Promise<void>((resolve, reject) => {
        stream$.subscribe({
          next: (value) => responses.push(value),
          error: reject,
          complete: resolve,
        });
      });
      return { responses };
    } catch (error) {
      return { responses, error: toErrorPayload(error, this.service) };
    }
  }

  /** Runs every handler bound to the event pattern in this service (Nest chains them). */
  private async runEvent(
    handler: MessageHandler,
    data: unknown,
    context: RedisStreamsContext,
  ): Promise<HandlerResult> {
    try {
      for (let current: MessageHandler | undefined = handler; current; current = current.next) {
        await lastValueFrom(this.transformToObservable(await current(data, context)), {
          defaultValue: undefined,
        });
      }
      return { responses: [] };
    } catch (error) {
      return { responses: [], error: toErrorPayload(error, this.service) };
    }
  }

  private async reply(message: WireMessage, result: HandlerResult): Promise<void> {
    const reply = this.replyOf(message, result);
    if (reply) await this.requireScripts().reply(reply);
  }

  private replyOf(message: WireMessage, result: HandlerResult): ScriptedReply | undefined {
    if (!message.reply) return undefined;
    const { stream, correlationId, batched } = message.reply;
    const packet: ReplyPacket = {
      correlationId,
      responses: result.responses,
      ...(result.error ? { error: result.error } : {}),
    };
    return {
      stream,
      correlationId,
      body: encodeReplyBody(packet),
      ...(batched ? { batched } : {}),
    };
  }

  /**
   * A request's answer is kept only while a copy of it could still run (until its deadline):
   * it may be large, and the caller is gone after that.
   */
  private doneTtlMs(message: WireMessage): number {
    if (!message.reply) return this.dedupeTtlMs;
    const untilDeadline = Math.max(0, message.reply.deadline - Date.now());
    return Math.min(this.dedupeTtlMs, untilDeadline + REQUEST_DONE_GRACE_MS);
  }

  /** A message dropped before running lets go of the lock its read took (see TAKE). */
  private async releaseTakenLock(delivery: Delivery, message: WireMessage): Promise<void> {
    if (delivery.begun?.state !== 'acquired') return;
    await this.requireCommands().del(
      lockKey(delivery.stream, this.service, message.envelope.messageId),
    );
  }

  /** Acknowledges, and deletes the entry where no other group or reader may still need it. */
  private async ack(delivery: Delivery): Promise<void> {
    const { stream, entryId } = delivery;
    if (!this.soleReaderStreams.has(stream)) {
      await this.requireCommands().xack(stream, this.service, entryId);
      return;
    }
    await this.requireScripts().ack(stream, this.service, entryId, true);
  }

  private async deadLetter(
    delivery: Delivery,
    message: WireMessage | undefined,
    reason: string,
  ): Promise<void> {
    this.options.logger?.error(
      { stream: delivery.stream, entryId: delivery.entryId, pattern: message?.pattern, reason },
      'message dead-lettered',
    );
    if (message?.reply) {
      await this.reply(message, {
        responses: [],
        error: { code: ErrorCode.Unavailable, status: 503, message: reason, service: this.service },
      });
    }
    // Two steps, not MULTI: the dead-letter stream lives in another hash slot. Stored first, so
    // a crash in between leaves a copy in both places rather than in neither.
    const commands = this.requireCommands();
    await commands.xadd(
      deadLetterStreamKey(this.prefix, this.service),
      'MAXLEN',
      '~',
      this.options.deadLetterMaxLength ?? DEFAULT_DEAD_LETTER_MAX_LENGTH,
      '*',
      'stream',
      delivery.stream,
      'entry',
      delivery.entryId,
      'reason',
      reason,
      'deliveries',
      String(delivery.deliveryCount),
      ...delivery.fields,
    );
    await this.ack(delivery);
  }

  /**
   * Clients send patterns normalized, as handlers are stored: an exact hit skips Nest's lookup,
   * which first tries JSON.parse on the pattern and pays for a thrown SyntaxError every time.
   */
  private handlerOf(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? this.getHandlerByPattern(pattern);
  }

  private logHandlerError(message: WireMessage, error: ErrorPayload): void {
    const level = error.status >= 500 ? 'error' : 'warn';
    this.options.logger?.[level](
      { pattern: message.pattern, code: error.code, errorId: error.errorId, detail: error.message },
      'message handler failed',
    );
  }

  private requireCommands(): RedisClient {
    if (!this.commands) throw new Error('RedisStreamsServer is not listening');
    return this.commands;
  }

  private requireScripts(): IdempotencyScripts {
    if (!this.scripts) throw new Error('RedisStreamsServer is not listening');
    return this.scripts;
  }
}
