// CPU profile of a running Node process over the DevTools protocol: SIGUSR1 opens its inspector
// (on the port its --inspect-port named), Profiler.start/stop bracket exactly the window we care
// about. --cpu-prof would cover start-up and warm-up too, and is only written on a clean exit,
// which Nest's shutdown hooks (they re-raise SIGTERM) never make.
import { debuggerUrl, InspectorSession } from '../support/inspector-session';
import type { CpuProfile } from './cpu-profile-summary';

/** Microseconds between samples: finer than the 1 ms default, still cheap for a few seconds. */
const SAMPLING_INTERVAL_US = 250;

export class InspectorProfiler {
  private constructor(private readonly session: InspectorSession) {}

  /** Opens the inspector of `pid` and attaches to it. */
  static async attach(pid: number, inspectPort: number): Promise<InspectorProfiler> {
    process.kill(pid, 'SIGUSR1');
    const session = await InspectorSession.open(await debuggerUrl(inspectPort));
    await session.command('Profiler.enable');
    await session.command('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    return new InspectorProfiler(session);
  }

  async start(): Promise<void> {
    await this.session.command('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const result = await this.session.command('Profiler.stop');
    if (typeof result !== 'object' || result === null || !('profile' in result))
      throw new Error('Profiler.stop answered without a profile');
    return result.profile as CpuProfile;
  }

  async detach(): Promise<void> {
    try {
      await this.session.command('Profiler.disable');
    } finally {
      this.session.close();
    }
  }
}
