import { DomainError, ErrorCode } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { DEFAULT_ACCESS_RULE } from '../auth/access.decorators';
import { isAllowed } from '../auth/authorization.guard';
import type { Principal } from '../auth/principal';
import type { LiveConnection } from './live-connection';
import type { LiveHub } from './live-hub';
import {
  ClientCommand,
  errorFrame,
  LiveCloseCode,
  LiveErrorCode,
  ParsedFrame,
  parseClientFrame,
} from './live-protocol';

/** What a session needs to check a credential: CredentialAuthenticator's one method. */
export interface LiveCredentialChecker {
  authenticate(credential: string): Promise<Principal>;
}

export interface LiveSessionOptions {
  readonly authenticator: LiveCredentialChecker;
  /** Takes a place among the org's connections; false when the org has too many open. */
  readonly admitOrg?: (principal: Principal) => Promise<boolean>;
  readonly hub: LiveHub;
  readonly logger: Logger;
  readonly authTimeoutMs: number;
}

/**
 * Frames that may wait behind a credential being checked (a client may send `auth` and its
 * `subscribe`s without waiting for the ack); more than this before the answer is a flood.
 */
const MAX_FRAMES_WAITING_FOR_AUTH = 32;

const AUTH_FIRST = 'authenticate first: {"type":"auth","token":"<access token or API key>"}';

/**
 * The protocol for one connection: nothing is allowed before a valid credential (first frame or
 * upgrade header) arrives within the deadline; after it, subscribe and unsubscribe are
 * acknowledged and mistakes are answered with error frames, leaving the connection open.
 */
export class LiveSession {
  private authDeadline?: NodeJS.Timeout;
  /** Frames received while a credential is being checked; undefined when none is. */
  private waiting?: string[];
  /** The credential the connection was accepted with, checked again on every heartbeat. */
  private credential?: string;

  constructor(
    private readonly connection: LiveConnection,
    private readonly options: LiveSessionOptions,
  ) {}

  /** `headerCredential` is the upgrade request's bearer token, for non-browser clients. */
  start(headerCredential?: string): void {
    this.authDeadline = setTimeout(() => this.authTimedOut(), this.options.authTimeoutMs);
    if (headerCredential !== undefined) this.beginAuthentication(headerCredential, undefined);
  }

  /** The socket closed: stop the clock and leave every channel. */
  end(): void {
    clearTimeout(this.authDeadline);
    this.options.hub.forget(this.connection);
  }

  receive(text: string): void {
    if (this.waiting) {
      if (this.waiting.length >= MAX_FRAMES_WAITING_FOR_AUTH) {
        this.connection.drop(
          'unauthenticated',
          LiveCloseCode.PolicyViolation,
          'too many messages before authentication',
        );
        return;
      }
      this.waiting.push(text);
      return;
    }
    this.handle(parseClientFrame(text));
  }

  /** Binary frames have no meaning in this protocol. */
  receiveBinary(): void {
    this.handle({
      ok: false,
      error: { code: LiveErrorCode.InvalidMessage, message: 'frames must be JSON text' },
    });
  }

  private handle(parsed: ParsedFrame): void {
    if (!this.connection.open) return;
    if (!this.connection.principal) {
      this.handleUnauthenticated(parsed);
      return;
    }
    if (!parsed.ok) {
      this.connection.send(errorFrame(parsed.error));
      return;
    }
    this.run(parsed.command);
  }

  private handleUnauthenticated(parsed: ParsedFrame): void {
    if (parsed.ok && parsed.command.type === 'auth') {
      this.beginAuthentication(parsed.command.token, parsed.command.id);
      return;
    }
    this.refuse(
      'unauthenticated',
      LiveErrorCode.Unauthenticated,
      AUTH_FIRST,
      'authentication required',
    );
  }

  private run(command: ClientCommand): void {
    const id = command.id === undefined ? {} : { id: command.id };
    switch (command.type) {
      case 'auth':
        // A fresh credential for the same org replaces the one about to expire.
        this.beginAuthentication(command.token, command.id);
        return;
      case 'subscribe':
        this.options.hub.subscribe(this.connection, command.channel);
        this.connection.send({ type: 'ack', of: 'subscribe', channel: command.channel, ...id });
        return;
      case 'unsubscribe':
        this.options.hub.unsubscribe(this.connection, command.channel);
        this.connection.send({ type: 'ack', of: 'unsubscribe', channel: command.channel, ...id });
        return;
    }
  }

  private beginAuthentication(credential: string, id: string | undefined): void {
    this.waiting = [];
    void this.authenticate(credential, id).then(() => {
      const frames = this.waiting ?? [];
      this.waiting = undefined;
      for (const text of frames) this.handle(parseClientFrame(text));
    });
  }

  /** Never rejects: every outcome is an ack or a close. */
  private async authenticate(credential: string, id: string | undefined): Promise<void> {
    let principal: Principal;
    try {
      principal = await this.options.authenticator.authenticate(credential);
    } catch (error) {
      this.authenticationFailed(error);
      return;
    }
    // The deadline may have passed while the credential was being checked.
    if (!this.connection.open) return;
    if (!isAllowed(principal, DEFAULT_ACCESS_RULE)) {
      this.refuse(
        'auth_failed',
        LiveErrorCode.Forbidden,
        'live updates need a member or an API key with the read scope',
        'forbidden',
      );
      return;
    }
    const current = this.connection.principal;
    if (current && current.orgId !== principal.orgId) {
      this.connection.send(
        errorFrame({
          code: LiveErrorCode.AlreadyAuthenticated,
          message: 'this connection belongs to another organisation; open a new one',
          ...(id === undefined ? {} : { id }),
        }),
      );
      return;
    }
    if (this.options.admitOrg && !(await this.options.admitOrg(principal))) {
      this.refuse(
        'over_capacity',
        LiveErrorCode.TooManyConnections,
        'your organisation has too many live connections open; close some first',
        'too many connections for this organisation',
      );
      return;
    }
    if (!this.connection.open) return;
    clearTimeout(this.authDeadline);
    this.credential = credential;
    this.connection.authenticate(principal);
    this.options.logger.debug(
      { orgId: principal.orgId, principal: principal.kind },
      'websocket client authenticated',
    );
    this.connection.send({
      type: 'ack',
      of: 'auth',
      orgId: principal.orgId,
      ...(id === undefined ? {} : { id }),
    });
  }

  /**
   * Called on every heartbeat: an access token that expired, a revoked API key or a removed
   * member loses the connection too, not only new requests. A check that cannot run (database
   * away) leaves the connection alone.
   */
  revalidate(): void {
    const credential = this.credential;
    if (!credential || this.waiting || !this.connection.open) return;
    this.options.authenticator.authenticate(credential).then(
      () => undefined,
      (error: unknown) => {
        if (credential !== this.credential) return; // replaced meanwhile by a fresh one
        if (error instanceof DomainError && error.code === ErrorCode.Unauthorized) {
          this.refuse(
            'auth_failed',
            LiveErrorCode.AuthFailed,
            error.message,
            'credential no longer valid',
          );
        }
      },
    );
  }

  private authenticationFailed(error: unknown): void {
    if (error instanceof DomainError && error.code === ErrorCode.Unauthorized) {
      this.refuse('auth_failed', LiveErrorCode.AuthFailed, error.message, 'authentication failed');
      return;
    }
    // The client's IP used up its failed-authentication budget: no log line per attempt.
    const throttled = error instanceof DomainError && error.code === ErrorCode.RateLimited;
    // Otherwise not the client's fault (e.g. the database is away): tell it to come back, and log why.
    if (!throttled) {
      this.options.logger.warn({ err: error }, 'websocket credential could not be checked');
    }
    if (!this.connection.open) return;
    this.connection.send(
      errorFrame({
        code: LiveErrorCode.AuthUnavailable,
        message: throttled ? error.message : 'the credential could not be checked; try again later',
      }),
    );
    this.connection.drop(
      'auth_unavailable',
      LiveCloseCode.TryAgainLater,
      'authentication unavailable',
    );
  }

  private authTimedOut(): void {
    if (this.connection.principal) return;
    this.refuse(
      'auth_timeout',
      LiveErrorCode.AuthTimeout,
      `no valid credential within ${this.options.authTimeoutMs} ms`,
      'authentication timeout',
    );
  }

  /** An error frame saying why, then a policy-violation close. */
  private refuse(
    reason: 'unauthenticated' | 'auth_failed' | 'auth_timeout' | 'over_capacity',
    code: LiveErrorCode,
    message: string,
    closeReason: string,
  ): void {
    if (!this.connection.open) return;
    this.connection.send(errorFrame({ code, message }));
    this.connection.drop(reason, LiveCloseCode.PolicyViolation, closeReason);
  }
}
