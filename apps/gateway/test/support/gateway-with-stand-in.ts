import type { MessageEnvelope, ServiceName } from '@vantage/contracts';
import { startTestService, type StartTestServiceOptions } from '@vantage/service-runtime/testing';
import type { RedisStreamsContext, RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { gatewayService } from '../../src/service-definition';
import { addMember, createApiKey, type Gateway, registerOrg, type Session } from './gateway-api';

/** One message a stand-in received from the gateway. */
export interface Received {
  readonly pattern: string;
  readonly payload: Record<string, unknown>;
  readonly envelope: MessageEnvelope;
}

/** A stand-in's reply to one message; throwing a domain error answers with that error. */
export type StandInAnswer = (pattern: string, payload: Record<string, unknown>) => unknown;

/** The reply of a stand-in that only proves the message reached it. */
export const cannedAnswer: StandInAnswer = (pattern) => ({ answeredBy: 'stand-in', pattern });

export interface StandInOptions {
  readonly service: ServiceName;
  readonly patterns: readonly string[];
  readonly answer?: StandInAnswer;
}

/**
 * A service as far as the gateway can tell: it answers the patterns on the gateway's transport
 * prefix and records each message before answering (the services themselves are tested over
 * the transport in their own apps).
 */
export function startStandIn(
  gateway: Gateway,
  standIn: StandInOptions,
  received: Received[],
): Promise<RedisStreamsServer> {
  const answer = standIn.answer ?? cannedAnswer;
  return startTestServer(
    {
      service: standIn.service,
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    },
    standIn.patterns.map((pattern) => ({
      pattern,
      handler: (payload: Record<string, unknown>, context: RedisStreamsContext) => {
        received.push({ pattern, payload, envelope: context.getEnvelope() });
        return answer(pattern, payload);
      },
    })),
  );
}

export interface GatewayWithStandInOptions<R extends string, S extends string> {
  readonly env?: StartTestServiceOptions['env'];
  readonly standIn: StandInOptions;
  /** One member of each role, invited into the owner's org. */
  readonly members?: readonly R[];
  /** One API key of the owner's per scope. */
  readonly apiKeyScopes?: readonly S[];
}

export interface GatewayWithStandIn<R extends string, S extends string> {
  readonly gateway: Gateway;
  readonly standIn: RedisStreamsServer;
  /** What the stand-in received, oldest first; empty it between tests. */
  readonly received: Received[];
  readonly owner: Session;
  readonly members: Readonly<Record<R, Session>>;
  readonly apiKeys: Readonly<Record<S, string>>;
}

/**
 * A test gateway with one stand-in service behind it and an org to call it with: its owner,
 * a member per role and an API key per scope. The caller closes the stand-in and the gateway;
 * if setup fails, whatever started is closed here.
 */
export async function startGatewayWithStandIn<R extends string = never, S extends string = never>(
  options: GatewayWithStandInOptions<R, S>,
): Promise<GatewayWithStandIn<R, S>> {
  const gateway = await startTestService(gatewayService, options.env ? { env: options.env } : {});
  let standIn: RedisStreamsServer | undefined;
  try {
    const received: Received[] = [];
    standIn = await startStandIn(gateway, options.standIn, received);
    const owner = await registerOrg(gateway);
    const roles = options.members ?? [];
    const sessions = await Promise.all(roles.map((role) => addMember(gateway, owner, role)));
    const keys = await Promise.all(
      (options.apiKeyScopes ?? []).map((scope) => createApiKey(gateway, owner, [scope])),
    );
    return {
      gateway,
      standIn,
      received,
      owner,
      members: Object.fromEntries(roles.map((role, i) => [role, sessions[i]])) as Record<
        R,
        Session
      >,
      apiKeys: Object.fromEntries(
        (options.apiKeyScopes ?? []).map((scope, i) => [scope, keys[i]?.key]),
      ) as Record<S, string>,
    };
  } catch (error) {
    await standIn?.close();
    await gateway.close();
    throw error;
  }
}
