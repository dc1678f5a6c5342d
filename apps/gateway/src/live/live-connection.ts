import type { LiveChannel } from '@vantage/contracts';
import { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import { LiveCloseCode, ServerFrame } from './live-protocol';
import type { DropReason, LiveMetrics, SentFrameType } from './live-metrics';

/**
 * One client socket on /ws as the rest of the live feature sees it: who it is once
 * authenticated, what it subscribed to, whether it answered the last ping, and a send that
 * refuses to queue without bound behind a client that does not read.
 */
export class LiveConnection {
  private authenticatedAs?: Principal;
  /** Channels this client receives; kept here too so the hub can forget it in one pass. */
  readonly channels = new Set<LiveChannel>();
  /** Cleared when a ping goes out, set again by the pong; false at the next beat means dead. */
  alive = true;

  constructor(
    readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly metrics: LiveMetrics,
  ) {}

  get principal(): Principal | undefined {
    return this.authenticatedAs;
  }

  /** The org whose updates this client may see; undefined until it has authenticated. */
  get orgId(): string | undefined {
    return this.authenticatedAs?.orgId;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  authenticate(principal: Principal): void {
    this.authenticatedAs = principal;
  }

  send(frame: ServerFrame): boolean {
    return this.sendText(JSON.stringify(frame), frame.type);
  }

  /**
   * Sends an already serialised frame (fan-out serialises an update once for all its clients).
   * A client whose unsent data already exceeds the limit is dropped instead: buffering for it
   * without bound would let one stalled reader exhaust the gateway's memory.
   */
  sendText(text: string, type: SentFrameType): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.drop('slow', LiveCloseCode.TryAgainLater, 'too slow: send buffer full');
      return false;
    }
    this.socket.send(text);
    this.metrics.frameSent(type);
    return true;
  }

  /**
   * Closes with a reason the client can act on. The close frame queues behind whatever is
   * unsent; the server's close timeout destroys the socket if the handshake does not finish.
   */
  drop(reason: DropReason, code: number, message: string): void {
    if (!this.open) return;
    this.metrics.clientDropped(reason);
    this.socket.close(code, message);
  }

  /** For a peer that no longer answers: no close handshake, the socket is destroyed now. */
  kill(reason: DropReason): void {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.metrics.clientDropped(reason);
    this.socket.terminate();
  }
}
