// A small JSON client for the public HTTP surface, the way any REST client meets it.
import { randomBytes } from 'node:crypto';
import { systemUnderTest } from '../system-under-test';
import { Inbox } from './inbox';

/** Where `npm start`'s maildev answers when the suite is pointed at a system started by hand. */
const DEFAULT_MAILDEV_API = 'http://127.0.0.1:1080';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  readonly body: T;
  readonly text: string;
}

export interface CallOptions {
  readonly token?: string;
  readonly apiKey?: string;
  /** An object is sent as JSON; a string or Buffer is sent as is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly user: { readonly id: string; readonly email: string };
  readonly organization: { readonly id: string; readonly name: string };
  readonly role: string;
}

export const PASSWORD = 'correct horse battery staple';

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    let body: string | Buffer | undefined;
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
    return {
      status: response.status,
      headers: response.headers,
      body: (json ? JSON.parse(text) : text) as T,
      text,
    };
  }

  /** Like call(), but throws with the answer unless the status is the expected one. */
  async expect<T = Record<string, unknown>>(
    status: number,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<T> {
    const response = await this.call<T>(method, path, options);
    if (response.status !== status)
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status} ${response.text.slice(0, 500)}`,
      );
    return response.body;
  }

  /**
   * Signs up a new organisation with its owner, as a person does: the sign-up answers 202, the
   * verification link arrives by mail (read from maildev), and following it signs in.
   */
  async registerOrg(label = 'owner'): Promise<Session> {
    const email = uniqueEmail(label);
    await this.expect(202, 'POST', '/api/v1/auth/register', {
      body: { orgName: `E2E ${label}`, name: label, email, password: PASSWORD },
    });
    const inbox = new Inbox(systemUnderTest().maildevApiUrl ?? DEFAULT_MAILDEV_API);
    const [mail] = await inbox.waitFor(email, (received) =>
      /Confirm your e-mail/.test(received.subject),
    );
    const token = /[?&]token=([A-Za-z0-9_]+)/.exec(mail?.text ?? '')?.[1];
    if (!token) throw new Error(`no verification link in the mail to ${email}`);
    return this.expect<Session>(200, 'POST', '/api/v1/auth/verify-email', { body: { token } });
  }

  /** An API key with the given scopes, created by the session's user (its secret is shown once). */
  createApiKey(session: Session, scopes: readonly string[]): Promise<{ id: string; key: string }> {
    return this.expect(201, 'POST', '/api/v1/api-keys', {
      token: session.accessToken,
      body: { name: `e2e ${scopes.join('+')}`, scopes },
    });
  }
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}
