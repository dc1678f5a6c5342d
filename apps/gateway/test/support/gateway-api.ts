import { randomBytes } from 'node:crypto';
import type { TestService } from '@vantage/service-runtime/testing';
import type { GatewayConfig } from '../../src/config/gateway.config';
import { accountMail, linkToken } from './account-mails';

export type Gateway = TestService<GatewayConfig>;

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A JSON call against a test gateway; the body is parsed whatever the status. */
export async function call<T = Record<string, unknown>>(
  gateway: Gateway,
  method: string,
  path: string,
  options: {
    token?: string;
    apiKey?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await gateway.fetch(path, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as T,
  };
}

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly user: { readonly id: string; readonly email: string };
  readonly organization: { readonly id: string; readonly name: string };
  readonly role: string;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

export const PASSWORD = 'correct horse battery';

/**
 * Signs up a new organisation with its owner, as a person does: the sign-up answers 202, the
 * verification link arrives by mail (read from the gateway's event stream), and following it
 * activates the account and signs in.
 */
export async function registerOrg(gateway: Gateway, label = 'owner'): Promise<Session> {
  const email = uniqueEmail(label);
  const response = await call(gateway, 'POST', '/api/v1/auth/register', {
    body: { orgName: `Org of ${label}`, name: label, email, password: PASSWORD },
  });
  if (response.status !== 202) {
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return verifyEmail(gateway, email);
}

/** Follows the verification link mailed to `email` (the `count`-th one): the signed-in session. */
export async function verifyEmail(gateway: Gateway, email: string, count = 1): Promise<Session> {
  const token = linkToken(await accountMail(gateway, email, 'verify-email', count));
  const verified = await call<Session>(gateway, 'POST', '/api/v1/auth/verify-email', {
    body: { token },
  });
  if (verified.status !== 200) {
    throw new Error(`verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
  }
  return verified.body;
}

/** Creates an API key with the given scopes as the session's user. */
export async function createApiKey(
  gateway: Gateway,
  session: Session,
  scopes: string[],
): Promise<{ id: string; key: string }> {
  const response = await call<{ id: string; key: string }>(gateway, 'POST', '/api/v1/api-keys', {
    token: session.accessToken,
    body: { name: `key ${scopes.join('+')}`, scopes },
  });
  if (response.status !== 201) {
    throw new Error(`api key creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Invites an e-mail with a role and accepts it as a new user: a member of that role. */
export async function addMember(gateway: Gateway, owner: Session, role: string): Promise<Session> {
  const email = uniqueEmail(role);
  const invite = await call<{ inviteUrl: string }>(gateway, 'POST', '/api/v1/org/invites', {
    token: owner.accessToken,
    body: { email, role },
  });
  if (invite.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invite.body)}`);
  const token = new URL(invite.body.inviteUrl).searchParams.get('token');
  const accepted = await call<Session>(gateway, 'POST', '/api/v1/auth/invites/accept', {
    body: { token, name: role, password: PASSWORD },
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  return accepted.body;
}
