import type { FastifyRequest } from 'fastify';
import type { Plan } from '@vantage/contracts';

/** Member roles, weakest first: a role can do everything the ones before it can. */
export const ROLES = ['viewer', 'analyst', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_SCOPES = ['ingest', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A person signed in with an access token, acting in one organisation. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly orgId: string;
  readonly role: Role;
  readonly email: string;
  /** The access token it came with: its login session, id and expiry (logout, password change). */
  readonly session: {
    readonly familyId: string;
    readonly tokenId: string;
    readonly expiresAtMs: number;
  };
}

/** A machine client (ingestion agent, Postman monitor) holding an API key of one organisation. */
export interface ApiKeyPrincipal {
  readonly kind: 'api-key';
  readonly keyId: string;
  readonly orgId: string;
  readonly scopes: readonly ApiKeyScope[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export function principalId(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.keyId;
}

/** The Fastify request once the authentication guard has run; anonymous routes leave it unset. */
export interface GatewayRequest extends FastifyRequest {
  principal?: Principal;
  /** The org's plan, known once the request is authenticated (rate limits use it). */
  plan?: Plan;
}
