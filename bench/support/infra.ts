// Redis and MongoDB for benchmarks: REDIS_URL / MONGO_URL when given, else the local infra from
// tools/infra, started (or reused) on first use and stopped at the end only if this run started it.
import { acquireInfra, InfraLease } from '@vantage/infra';

export class BenchInfra {
  private lease?: Promise<InfraLease>;

  constructor(private readonly progress: (message: string) => void) {}

  redisUrl(): Promise<string> {
    return this.fromEnvOrInfra('REDIS_URL', (lease) => lease.state.redisUrl);
  }

  mongoUrl(): Promise<string> {
    return this.fromEnvOrInfra('MONGO_URL', (lease) => lease.state.mongoUrl);
  }

  /** Stops infra only when this run brought it up, as the jest global teardown does. */
  async release(): Promise<void> {
    const lease = await this.lease?.catch(() => undefined);
    if (lease?.owned) {
      this.progress('stopping the infra this run started (VANTAGE_KEEP_INFRA=1 keeps it)');
    }
    await lease?.release();
  }

  private async fromEnvOrInfra(
    variable: 'REDIS_URL' | 'MONGO_URL',
    pick: (lease: InfraLease) => string,
  ): Promise<string> {
    const fromEnv = process.env[variable];
    if (fromEnv) return fromEnv;
    // One lease for both: tools/infra itself uses the other variable when it is set.
    this.lease ??= acquireInfra({ onProgress: this.progress });
    return pick(await this.lease);
  }
}
