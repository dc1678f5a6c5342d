import { BaseRpcContext } from '@nestjs/microservices';
import { MessageEnvelope } from '@vantage/contracts';

export interface RedisStreamsMessageInfo {
  readonly pattern: string;
  readonly envelope: MessageEnvelope;
  readonly stream: string;
  readonly entryId: string;
  readonly deliveryCount: number;
}

/** What a handler may read through `@Ctx()`: the envelope and how the message was delivered. */
export class RedisStreamsContext extends BaseRpcContext<[RedisStreamsMessageInfo]> {
  constructor(info: RedisStreamsMessageInfo) {
    super([info]);
  }

  private get info(): RedisStreamsMessageInfo {
    return this.args[0];
  }

  getPattern(): string {
    return this.info.pattern;
  }

  getEnvelope(): MessageEnvelope {
    return this.info.envelope;
  }

  /** The idempotency key of the message: the same on every redelivery. */
  getMessageId(): string {
    return this.info.envelope.messageId;
  }

  /** 1 on first delivery; more when another replica took the message over. */
  getDeliveryCount(): number {
    return this.info.deliveryCount;
  }
}
