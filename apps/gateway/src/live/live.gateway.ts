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
import { CredentialAuthenticator } from '../auth/credential-authenticator';
import { GatewayConfig } from '../config/gateway.config';
import { LiveConnection } from './live-connection';
import { LiveHub } from './live-hub';
import { LiveMetrics } from './live-metrics';
import { LiveCloseCode } from './live-protocol';
import { LiveSession } from './live-session';

export const LIVE_PATH = '/ws';
/** Client frames are a few dozen bytes (a token at most a few KiB); ws closes with 1009 above. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/** How long a close handshake may take before ws destroys the socket (slow or dead peers). */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 2000;

interface Client {
  readonly connection: LiveConnection;
  readonly session: LiveSession;
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

  constructor(
    private readonly config: GatewayConfig,
    private readonly hub: LiveHub,
    private readonly metrics: LiveMetrics,
    private readonly authenticator: CredentialAuthenticator,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  afterInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.config.WS_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    if (this.shuttingDown) {
      socket.close(LiveCloseCode.GoingAway, 'server shutting down');
      return;
    }
    const connection = new LiveConnection(socket, this.config.WS_MAX_BUFFERED_BYTES, this.metrics);
    const session = new LiveSession(connection, {
      authenticator: this.authenticator,
      hub: this.hub,
      logger: this.logger,
      authTimeoutMs: this.config.WS_AUTH_TIMEOUT_MS,
    });
    this.clients.set(socket, { connection, session });
    this.metrics.connectionOpened();

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
