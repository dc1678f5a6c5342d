// Resident memory of every process of the system, sampled once a second during a run: the value
// at the end says what the system holds after a minute of load, the peak what it needed on the
// way (a replica that balloons and shrinks back would hide from the end value alone).

export interface ProcessRss {
  readonly name: string;
  readonly pid: number | null;
  readonly rssBytes: number | null;
}

export interface RssSummary {
  readonly name: string;
  readonly pid: number | null;
  readonly endBytes: number | null;
  readonly peakBytes: number | null;
}

const SAMPLE_EVERY_MS = 1000;

/** Starts sampling; the returned function stops and answers end and peak per process. */
export function sampleRss(read: () => readonly ProcessRss[]): () => RssSummary[] {
  const peaks = new Map<string, number>();
  const sample = (): readonly ProcessRss[] => {
    const processes = read();
    for (const { name, rssBytes } of processes)
      if (rssBytes !== null) peaks.set(name, Math.max(peaks.get(name) ?? 0, rssBytes));
    return processes;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return () => {
    clearInterval(timer);
    return sample().map(({ name, pid, rssBytes }) => ({
      name,
      pid,
      endBytes: rssBytes,
      peakBytes: peaks.get(name) ?? null,
    }));
  };
}
