import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';
import type { ProcessSaturationDto } from '@vantage/contracts';

/** Event-loop delay sampling resolution, ms: fine enough for lag worth reporting. */
const LOOP_RESOLUTION_MS = 10;

/**
 * CPU, memory and event-loop lag of this process, each read as "since the previous read":
 * CPU time over wall time, and the event-loop delay histogram reset after every read.
 */
export class ProcessSaturationSampler {
  private readonly loop: ELDHistogram = monitorEventLoopDelay({
    resolution: LOOP_RESOLUTION_MS,
  });
  private cpu = process.cpuUsage();
  private wallMs = performance.now();

  start(): void {
    this.loop.enable();
    this.cpu = process.cpuUsage();
    this.wallMs = performance.now();
  }

  stop(): void {
    this.loop.disable();
  }

  sample(): ProcessSaturationDto {
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = performance.now();
    const elapsedMs = Math.max(wallMs - this.wallMs, 1);
    this.cpu = process.cpuUsage();
    this.wallMs = wallMs;
    const memory = process.memoryUsage();
    // The histogram records whole timer periods (resolution included): lag is what exceeds it.
    // No sample yet (a period shorter than the resolution) reads as NaN: no lag seen.
    const nsToMs = (ns: number): number =>
      Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1e3) / 1e3 - LOOP_RESOLUTION_MS) : 0;
    const saturation: ProcessSaturationDto = {
      cpuUtilisation: Math.round(((cpu.user + cpu.system) / 1e3 / elapsedMs) * 1e4) / 1e4,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopLagMeanMs: nsToMs(this.loop.mean),
      eventLoopLagP99Ms: nsToMs(this.loop.percentile(99)),
    };
    this.loop.reset();
    return saturation;
  }
}
