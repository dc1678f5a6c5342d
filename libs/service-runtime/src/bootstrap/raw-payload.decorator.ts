import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The message payload as decoded from the wire, NOT run through the global validation pipe:
 * that pipe (createValidationPipe) leaves the parameters of custom decorators alone, and this is
 * one. For handlers of large payloads that check every item themselves anyway (traffic ingest
 * answers per event), where the pipe's deep copy and walk of each item would double the work.
 *
 * The handler then owes the envelope its checks: call `validateShallowly(Dto, payload)` first
 * thing, which applies the DTO's own rules and errors to the top level. Typed `unknown` on
 * purpose: nothing about the payload is known until then.
 */
export const RawPayload = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToRpc().getData(),
);
