import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { isReplicaMessage, ParentMessage, ReplicaReport } from './replica-protocol';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Our transport's echo replica, or the same service on Nest's stock Redis transport. */
export type ReplicaScript = 'echo-replica.ts' | 'nest-redis-replica.ts';

function replicaNodeArgs(): string[] {
  return (process.env['BENCH_REPLICA_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
}

/** The benchmark's handle on one replica child process. */
export class ReplicaProcess {
  private readonly waitingReports: Array<{
    resolve: (report: ReplicaReport) => void;
    reject: (error: Error) => void;
  }> = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown) => {
      if (isReplicaMessage(message) && message.type === 'report') {
        this.waitingReports.shift()?.resolve(message);
      }
    });
    // A replica that dies mid-run must fail the benchmark, not leave it waiting forever.
    child.once('exit', (code, signal) => {
      const error = new Error(`replica exited (code ${code}, signal ${signal})`);
      for (const waiting of this.waitingReports.splice(0)) waiting.reject(error);
    });
  }

  /** `script`: the replica program next to this file (echo-replica.ts, nest-redis-replica.ts). */
  static async start(
    redisUrl: string,
    prefix: string,
    script: ReplicaScript = 'echo-replica.ts',
  ): Promise<ReplicaProcess> {
    const child = fork(path.join(__dirname, script), [redisUrl, prefix], {
      cwd: REPO_ROOT,
      // tsx as a loader (not the tsx CLI) keeps the replica a single process we can stop.
      // BENCH_REPLICA_NODE_ARGS adds node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
      // (node refuses --cpu-prof in NODE_OPTIONS).
      execArgv: [...replicaNodeArgs(), '--import', 'tsx'],
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`replica not ready within ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: unknown): void => {
        if (!isReplicaMessage(message)) return;
        if (message.type === 'ready') settle();
        else if (message.type === 'failed') settle(new Error(`replica failed: ${message.error}`));
      };
      const onExit = (code: number | null): void =>
        settle(new Error(`replica exited before ready (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new ReplicaProcess(child);
  }

  report(): Promise<ReplicaReport> {
    return new Promise((resolve, reject) => {
      if (!this.post({ type: 'report' })) {
        reject(new Error('replica is gone'));
        return;
      }
      this.waitingReports.push({ resolve, reject });
    });
  }

  /** Lets the replica close its server (drain, quit Redis); kills it if that hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    if (!this.post({ type: 'stop' })) this.child.kill('SIGKILL');
    await exited;
    clearTimeout(timer);
  }

  /** false when the channel is closed (send's own false only means a backlog). */
  private post(message: ParentMessage): boolean {
    if (!this.child.connected) return false;
    this.child.send(message);
    return true;
  }
}
