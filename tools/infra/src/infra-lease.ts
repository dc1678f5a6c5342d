import { infraDown, infraUp, InfraUpOptions } from './infra';
import { infraPaths } from './paths';
import { InfraState, readState } from './state';

/** Infra for one run (tests, a benchmark, npm start) that stops, at its end, only what it started. */
export interface InfraLease {
  readonly state: InfraState;
  /** True when no infra was up before: this run brought it up and release() stops it. */
  readonly owned: boolean;
  /** Stops the infra if this run owns it, unless VANTAGE_KEEP_INFRA=1. */
  release(): Promise<void>;
}

export async function acquireInfra(options: InfraUpOptions = {}): Promise<InfraLease> {
  const env = options.env ?? process.env;
  const owned = readState(infraPaths(options.root).stateFile) === null;
  const state = await infraUp(options);
  return {
    state,
    owned,
    release: async () => {
      if (!owned || env['VANTAGE_KEEP_INFRA'] === '1') return;
      await infraDown({
        ...(options.root ? { root: options.root } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    },
  };
}
