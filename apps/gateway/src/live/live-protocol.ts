import { isLiveChannel, LIVE_CHANNELS, LiveChannel, LiveUpdate } from '@vantage/contracts';

/**
 * The /ws wire protocol (docs/websocket.md): JSON text frames with a `type`. This file only
 * turns frames into commands and commands' answers into frames; it has no sockets and no state.
 */

/** Stable codes of `{"type":"error"}` frames; clients branch on them. */
export enum LiveErrorCode {
  BadJson = 'BAD_JSON',
  InvalidMessage = 'INVALID_MESSAGE',
  UnknownType = 'UNKNOWN_TYPE',
  UnknownChannel = 'UNKNOWN_CHANNEL',
  Unauthenticated = 'UNAUTHENTICATED',
  AuthFailed = 'AUTH_FAILED',
  AuthTimeout = 'AUTH_TIMEOUT',
  AuthUnavailable = 'AUTH_UNAVAILABLE',
  Forbidden = 'FORBIDDEN',
  AlreadyAuthenticated = 'ALREADY_AUTHENTICATED',
  TooManyConnections = 'TOO_MANY_CONNECTIONS',
}

/** Close codes (RFC 6455 section 7.4.1) the gateway uses, and why. */
export const LiveCloseCode = {
  /** The gateway is shutting down; reconnect (another replica will answer). */
  GoingAway: 1001,
  /**
   * No valid credential in time, a bad credential, a frame before authenticating, or too many
   * connections open from the client's IP or for its organisation (WS_MAX_CONNECTIONS_PER_*).
   */
  PolicyViolation: 1008,
  /**
   * The client did not read its updates fast enough and its send buffer filled up, or its
   * credential could not be checked right now (e.g. the database is unreachable).
   */
  TryAgainLater: 1013,
} as const;

/** Longest token accepted: JWTs and API keys are far shorter; anything longer is not one. */
export const MAX_TOKEN_LENGTH = 4096;
/** Longest client-chosen correlation id echoed back in acks and errors. */
export const MAX_ID_LENGTH = 128;

export type ClientCommand =
  | { readonly type: 'auth'; readonly token: string; readonly id?: string }
  | { readonly type: 'subscribe'; readonly channel: LiveChannel; readonly id?: string }
  | { readonly type: 'unsubscribe'; readonly channel: LiveChannel; readonly id?: string };

export interface ProtocolError {
  readonly code: LiveErrorCode;
  readonly message: string;
  readonly id?: string;
}

export type ParsedFrame =
  | { readonly ok: true; readonly command: ClientCommand }
  | { readonly ok: false; readonly error: ProtocolError };

/** Reads one text frame from a client; never throws, whatever the input. */
export function parseClientFrame(text: string): ParsedFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return failure(LiveErrorCode.BadJson, 'the frame is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return failure(LiveErrorCode.InvalidMessage, 'a message is a JSON object with a "type"');
  }
  const fields = frame as Record<string, unknown>;
  const id = correlationId(fields['id']);
  if (id === null) {
    return failure(
      LiveErrorCode.InvalidMessage,
      `"id" must be a string of at most ${MAX_ID_LENGTH} characters`,
    );
  }
  const withId = id === undefined ? {} : { id };
  const type = fields['type'];

  switch (type) {
    case 'auth': {
      const token = fields['token'];
      if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
        return failure(LiveErrorCode.InvalidMessage, '"token" must be a non-empty string', id);
      }
      return { ok: true, command: { type, token, ...withId } };
    }
    case 'subscribe':
    case 'unsubscribe': {
      const channel = fields['channel'];
      if (!isLiveChannel(channel)) {
        return failure(
          LiveErrorCode.UnknownChannel,
          `"channel" must be one of ${LIVE_CHANNELS.join(', ')}`,
          id,
        );
      }
      return { ok: true, command: { type, channel, ...withId } };
    }
    default:
      return failure(
        LiveErrorCode.UnknownType,
        typeof type === 'string'
          ? `unknown message type "${truncate(type, 64)}"`
          : 'a message needs a string "type"',
        id,
      );
  }
}

export type ServerFrame =
  | {
      readonly type: 'ack';
      readonly of: 'auth';
      readonly orgId: string;
      readonly id?: string;
    }
  | {
      readonly type: 'ack';
      readonly of: 'subscribe' | 'unsubscribe';
      readonly channel: LiveChannel;
      readonly id?: string;
    }
  | {
      readonly type: 'error';
      readonly code: LiveErrorCode;
      readonly message: string;
      readonly id?: string;
    }
  | {
      readonly type: 'update';
      readonly channel: LiveChannel;
      readonly event: string;
      readonly data: unknown;
      readonly at: string;
    };

export function errorFrame(error: ProtocolError): ServerFrame {
  return { type: 'error', ...error };
}

export function updateFrame(update: LiveUpdate): ServerFrame {
  return {
    type: 'update',
    channel: update.channel,
    event: update.type,
    data: update.data,
    at: update.at,
  };
}

function failure(code: LiveErrorCode, message: string, id?: string): ParsedFrame {
  return { ok: false, error: { code, message, ...(id === undefined ? {} : { id }) } };
}

/** undefined when absent, null when present but unusable. */
function correlationId(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length <= MAX_ID_LENGTH) return value;
  return null;
}

function truncate(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length)}…`;
}
