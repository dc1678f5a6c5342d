// Talks to the e2e supervisor's control API (tools/e2e/control-server.ts): the faults the
// scenarios inject and the process list they measure.
import { systemUnderTest } from './system-under-test';

export type AppName = 'gateway' | 'traffic-monitor' | 'telemetry' | 'billing' | 'reporting';
export type InfraComponent = 'redis' | 'mongo' | 'mail' | 'stripe';

export interface ProcessInfo {
  readonly name: string;
  readonly pid: number | null;
  readonly running: boolean;
  readonly rssBytes: number | null;
  readonly restarts: number;
}

export class ControlClient {
  constructor(private readonly baseUrl: string) {}

  /** The control API of `npm run e2e`; fails clearly when the suite runs without it. */
  static fromEnvironment(): ControlClient {
    const url = systemUnderTest().controlUrl;
    if (url === null)
      throw new Error('E2E_CONTROL_URL is not set: fault scenarios run under `npm run e2e` only');
    return new ControlClient(url);
  }

  async processes(): Promise<ProcessInfo[]> {
    const body = await this.request<{ processes: ProcessInfo[] }>('GET', '/system');
    return body.processes;
  }

  killReplica(app: AppName, index: number): Promise<unknown> {
    return this.request('POST', `/faults/kill-replica?app=${app}&index=${index}`);
  }

  stop(component: InfraComponent): Promise<unknown> {
    return this.request('POST', `/faults/stop?component=${component}`);
  }

  start(component: InfraComponent): Promise<unknown> {
    return this.request('POST', `/faults/start?component=${component}`);
  }

  refuseSmtp(): Promise<unknown> {
    return this.request('POST', '/faults/refuse-smtp');
  }

  acceptSmtp(): Promise<unknown> {
    return this.request('POST', '/faults/accept-smtp');
  }

  /** Rolls a configuration change out to every replica of `app`, one at a time. */
  rollingRestart(app: AppName, variables: Record<string, string>): Promise<unknown> {
    const query = new URLSearchParams({ app, ...variables });
    return this.request('POST', `/rolling-restart?${query.toString()}`, 120_000);
  }

  /** Resolves once every replica answers /health/ready again. */
  waitReady(timeoutMs = 60_000): Promise<unknown> {
    return this.request('POST', `/wait-ready?timeoutMs=${timeoutMs}`, timeoutMs + 5000);
  }

  private async request<T>(method: string, path: string, timeoutMs = 60_000): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as T & { error?: string };
    if (!response.ok)
      throw new Error(`control ${method} ${path}: ${body.error ?? response.status}`);
    return body;
  }
}
