import { ReplicaProcess, ReplicaScript } from './replica-process';
import { ReplicaReport } from './replica-protocol';

/** The replicas of the bench service, counted together. */
export class ReplicaPool {
  private readonly replicas: ReplicaProcess[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly script: ReplicaScript = 'echo-replica.ts',
  ) {}

  get size(): number {
    return this.replicas.length;
  }

  async add(): Promise<void> {
    this.replicas.push(await ReplicaProcess.start(this.redisUrl, this.prefix, this.script));
  }

  reports(): Promise<ReplicaReport[]> {
    return Promise.all(this.replicas.map((replica) => replica.report()));
  }

  async handledEvents(): Promise<number> {
    return (await this.reports()).reduce((sum, report) => sum + report.handledEvents, 0);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.replicas.splice(0).map((replica) => replica.stop()));
  }
}
