// CPU profile of a running Node process over the DevTools protocol: SIGUSR1 opens its inspector
// (on the port its --inspect-port named), Profiler.start/stop bracket exactly the window we care
// about. --cpu-prof would cover start-up and warm-up too, and is only written on a clean exit,
// which Nest's shutdown hooks (they re-raise SIGTERM) never make.
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import type { CpuProfile } from './cpu-profile-summary';

const OPEN_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 30_000;
/** Microseconds between samples: finer than the 1 ms default, still cheap for a few seconds. */
const SAMPLING_INTERVAL_US = 250;

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

export class InspectorProfiler {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const reply = parseReply(data.toString());
      if (reply !== null) this.waiting.get(reply.id)?.(reply);
    });
  }

  /** Opens the inspector of `pid` and attaches to it. */
  static async attach(pid: number, inspectPort: number): Promise<InspectorProfiler> {
    process.kill(pid, 'SIGUSR1');
    const url = await debuggerUrl(inspectPort);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const profiler = new InspectorProfiler(socket);
    await profiler.command('Profiler.enable');
    await profiler.command('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    return profiler;
  }

  async start(): Promise<void> {
    await this.command('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const result = await this.command('Profiler.stop');
    if (typeof result !== 'object' || result === null || !('profile' in result))
      throw new Error('Profiler.stop answered without a profile');
    return result.profile as CpuProfile;
  }

  async detach(): Promise<void> {
    try {
      await this.command('Profiler.disable');
    } finally {
      this.socket.close();
    }
  }

  private command(method: string, params: object = {}): Promise<unknown> {
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
}

/** The inspector starts listening a moment after the signal: poll its target list. */
async function debuggerUrl(port: number): Promise<string> {
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
