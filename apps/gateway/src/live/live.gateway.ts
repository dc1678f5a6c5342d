import type { IncomingMessage } from 'node:http';
import { BeforeApplicationShutdown, Inject } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import type { RawData, WebSocket } from 'ws';
import { AuthFailureLimiter, isUnauthorized } from '../abuse/auth-failure-limiter';
import { LiveConnectionQuota, type LiveLease } from '../abuse/live-connection-quota';
import { CredentialAuthenticator } from '../auth/credential-authenticator';
import type { Principal } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import { LiveConnection } from './live-connection';
import { LiveHub } from './live-hub';
import { LiveMetrics } from './live-metrics';
import { liveClientIp } from './live-client-ip';
import { errorFrame, LiveCloseCode, LiveErrorCode } from './live-protocol';
import { LiveSession } from './live-session';

export const LIVE_PATH = '/ws';
/** Client frames are a few dozen bytes (a token at most a few KiB); ws closes with 1009 above. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/** How long a close handshake may take before ws destroys the socket (slow or dead peers). */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2000;

interface Client {
  readonly connection: LiveConnection;
  readonly session: LiveSession;
  /** The connection's places in the per-IP and per-org caps; null when refused. */
  readonly lease: Promise<LiveLease | null>;
}

/**
 * The /ws endpoint on the gateway's own HTTP server: accepts sockets, runs one LiveSession per
 * socket, pings every WS_HEARTBEAT_MS to find dead peers, and says goodbye (1001) on shutdown.
 * Frames are read here rather than through @SubscribeMessage: the protocol answers bad JSON and
 * unknown types with errors, which Nest's dispatcher silently drops.
 */
@WebSocketGateway({
  path: LIVE_PATH,
  maxPayload: MAX_CLIENT_FRAME_BYTES,
  closeTimeout: CLOSE_HANDSHAKE_TIMEOUT_MS,
})
export class LiveGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown
{
  private readonly clients = new Map<WebSocket, Client>();
  private heartbeat?: NodeJS.Timeout;
  private shuttingDown = false;
  private readonly clientIp: (request: IncomingMessage) => string;

  constructor(
    private readonly config: GatewayConfig,
    private readonly hub: LiveHub,
    private readonly metrics: LiveMetrics,
    private readonly authenticator: CredentialAuthenticator,
    private readonly quota: LiveConnectionQuota,
    private readonly failures: AuthFailureLimiter,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.clientIp = liveClientIp(config.TRUSTED_PROXIES);
  }

  afterInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.config.WS_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    if (this.shuttingDown) {
      socket.close(LiveCloseCode.GoingAway, 'server shutting down');
      return;
    }
    const ip = this.clientIp(request);
    const connection = new LiveConnection(socket, this.config.WS_MAX_BUFFERED_BYTES, this.metrics);
    const lease = this.quota.admitIp(ip);
    const session = new LiveSession(connection, {
      // Failed credentials on /ws count against the IP's budget exactly as on the HTTP API.
      authenticator: { authenticate: (credential) => this.authenticate(ip, credential) },
      admitOrg: async (principal) => {
        const held = await lease;
        return held !== null && (await this.quota.admitOrg(held, principal.orgId));
      },
      hub: this.hub,
      logger: this.logger,
      authTimeoutMs: this.config.WS_AUTH_TIMEOUT_MS,
    });
    this.clients.set(socket, { connection, session, lease });
    this.metrics.connectionOpened();
    void lease.then((held) => {
      if (held) return;
      connection.send(
        errorFrame({
          code: LiveErrorCode.TooManyConnections,
          message: `at most ${this.config.WS_MAX_CONNECTIONS_PER_IP} live connections per IP address`,
        }),
      );
      connection.drop(
        'over_capacity',
        LiveCloseCode.PolicyViolation,
        'too many connections from this IP address',
      );
    });

    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) session.receiveBinary();
      else session.receive(rawDataToText(data));
    });
    session.start(bearerCredential(request));
  }

  handleDisconnect(socket: WebSocket): void {
    const client = this.clients.get(socket);
    if (!client) return;
    this.clients.delete(socket);
    client.session.end();
    this.metrics.connectionClosed();
    void client.lease.then((held) => (held ? this.quota.release(held) : undefined));
  }

  /**
   * Runs before Nest closes the WebSocket server (which would cut sockets without a close
   * frame): every client is told 1001 and given the close handshake to finish.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.heartbeat);
    const closed = [...this.clients.keys()].map((socket) => {
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(LiveCloseCode.GoingAway, 'server shutting down');
      return done;
    });
    if (closed.length > 0) {
      this.logger.info({ clients: closed.length }, 'closing websocket clients');
    }
    // ws destroys a socket whose handshake outlasts closeTimeout, so this settles in time.
    await Promise.all(closed);
  }

  /**
   * Whoever did not answer the previous ping is gone; everyone else gets a new one, and has
   * their credential checked again.
   */
  private beat(): void {
    void this.renewLeases();
    for (const { connection, session } of this.clients.values()) {
      if (!connection.alive) {
        connection.kill('heartbeat');
        continue;
      }
      connection.alive = false;
      if (connection.open) connection.socket.ping();
      session.revalidate();
    }
  }

  private async authenticate(ip: string, credential: string): Promise<Principal> {
    await this.failures.assertIpAllowed(ip);
    try {
      return await this.authenticator.authenticate(credential);
    } catch (error) {
      if (isUnauthorized(error)) await this.failures.recordIpFailure(ip);
      throw error;
    }
  }

  /** The places of live connections expire unless renewed (a dead replica frees its own). */
  private async renewLeases(): Promise<void> {
    const leases = await Promise.all([...this.clients.values()].map((client) => client.lease));
    await this.quota.renew(leases.filter((lease): lease is LiveLease => lease !== null));
  }
}

/** `Authorization: Bearer <credential>` on the upgrade request, for clients that can set it. */
function bearerCredential(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
