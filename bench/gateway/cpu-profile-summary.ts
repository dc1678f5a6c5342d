// Where a V8 CPU profile's time went: self time by function and by package, from the sample
// timeline (not hit counts, so uneven sampling does not skew the shares).

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The parts of the DevTools `Profiler.Profile` we read. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  readonly label: string;
  readonly ms: number;
  /** Share of all sampled time, idle included. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly idlePercent: number;
  readonly byFunction: readonly SelfTime[];
  /**
   * Time by the package that asked for it: native and Node-core frames count for the nearest
   * package above them (a socket write under fastify is fastify's, key parsing under
   * jsonwebtoken is jsonwebtoken's).
   */
  readonly byPackage: readonly SelfTime[];
}

export function summarizeProfile(profile: CpuProfile, top: number): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const owner = (id: number): string => {
    const leaf = nodes.get(id);
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at);
      if (frame && frame.url !== '' && !frame.url.startsWith('node:')) return packageOf(frame);
    }
    return leaf ? packageOf(leaf) : '(unknown)';
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const id = samples[i] ?? -1;
    const frame = nodes.get(id);
    // The time up to the next sample belongs to this one; the last gets its own delta.
    const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    if (!frame) continue;
    totalUs += us;
    add(byFunction, functionLabel(frame), us);
    add(byPackage, owner(id), us);
  }
  const rank = (times: Map<string, number>): SelfTime[] =>
    [...times.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, us]) => ({
        label,
        ms: Math.round(us / 1000),
        percent: totalUs === 0 ? 0 : Math.round((1000 * us) / totalUs) / 10,
      }));
  const idleUs = byPackage.get('(idle)') ?? 0;
  return {
    totalMs: Math.round(totalUs / 1000),
    idlePercent: totalUs === 0 ? 0 : Math.round((1000 * idleUs) / totalUs) / 10,
    byFunction: rank(byFunction),
    byPackage: rank(byPackage),
  };
}

function add(times: Map<string, number>, key: string, us: number): void {
  times.set(key, (times.get(key) ?? 0) + us);
}

function functionLabel(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName || '(native)';
  const name = frame.functionName || '(anonymous)';
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

/** `node_modules/<pkg>/…` → `<pkg>`; our build `dist/apps/gateway/libs/transport/…` → `libs/transport`. */
export function packageOf(frame: CallFrame): string {
  const { url } = frame;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1]) return inModules[1];
  const ours = /dist\/apps\/[^/]+\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (ours?.[1]) return ours[1];
  return shortUrl(url);
}

function shortUrl(url: string): string {
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  const inDist = url.indexOf('dist/apps/');
  if (inDist >= 0) return url.slice(inDist + 'dist/apps/'.length).replace(/^[^/]+\//, '');
  return url.replace(/^file:\/\//, '');
}
