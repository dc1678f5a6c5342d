// A DevTools-protocol session with a running Node process whose inspector is open (SIGUSR1
// opens it on the port its --inspect-port named): commands and their answers, nothing more.
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';

const OPEN_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 30_000;

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

export class InspectorSession {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const reply = parseReply(data.toString());
      if (reply !== null) this.waiting.get(reply.id)?.(reply);
    });
  }

  /** Connects to a debugger WebSocket URL (ws://host:port/<id>). */
  static async open(url: string): Promise<InspectorSession> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new InspectorSession(socket);
  }

  command(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method}: no answer within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** The inspector starts listening a moment after the signal: poll its target list. */
export async function debuggerUrl(port: number): Promise<string> {
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`);
      const targets: unknown = await response.json();
      if (Array.isArray(targets)) {
        const first: unknown = targets[0];
        if (
          typeof first === 'object' &&
          first !== null &&
          'webSocketDebuggerUrl' in first &&
          typeof first.webSocketDebuggerUrl === 'string'
        )
          return first.webSocketDebuggerUrl;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() >= deadline)
      throw new Error(`inspector on port ${port} did not open within ${OPEN_TIMEOUT_MS} ms`);
    await delay(100);
  }
}

function parseReply(text: string): Reply | null {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  return typeof value.id === 'number' ? (value as Reply) : null;
}
