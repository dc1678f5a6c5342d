// Redis for benchmarks: REDIS_URL when given, else the local infra from tools/infra, started
// (or reused) on first use and stopped at the end only if this run started it.
import { acquireInfra, InfraLease } from '@vantage/infra';

export class BenchInfra {
  private redis?: Promise<string>;
  private lease?: InfraLease;

  constructor(private readonly progress: (message: string) => void) {}

  redisUrl(): Promise<string> {
    this.redis ??= this.acquire();
    return this.redis;
  }

  /** Stops infra only when this run brought it up, as the jest global teardown does. */
  async release(): Promise<void> {
    if (this.lease?.owned) {
      this.progress('stopping the infra this run started (VANTAGE_KEEP_INFRA=1 keeps it)');
    }
    await this.lease?.release();
  }

  private async acquire(): Promise<string> {
    const fromEnv = process.env['REDIS_URL'];
    if (fromEnv) return fromEnv;
    this.lease = await acquireInfra({ onProgress: this.progress });
    return this.lease.state.redisUrl;
  }
}
