// The part every replica process shares, whatever transport it serves: answering the
// benchmark process's report/stop messages, and telling it when starting failed.
import { isParentMessage, type ReplicaMessage, type ReplicaReport } from './replica-protocol';

function sendToParent(message: ReplicaMessage): void {
  process.send?.(message);
}

/**
 * Once the replica listens: reports its counts when asked, stops its server when told (or when
 * the benchmark process is gone), and says it is ready.
 */
export function serveParent(
  closeServer: () => Promise<void>,
  counts: () => Pick<ReplicaReport, 'handledRequests' | 'handledEvents'>,
): void {
  const stop = async (): Promise<void> => {
    await closeServer();
    process.exit(0);
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'stop') {
      void stop();
      return;
    }
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    sendToParent({ type: 'report', ...counts(), rssMb });
  });
  // The benchmark process died without stopping us: do not linger as an orphan.
  process.on('disconnect', () => void stop());
  sendToParent({ type: 'ready' });
}

/** Runs the replica's start; a failure goes to the benchmark process before this one exits. */
export function runReplica(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    const failed: ReplicaMessage = {
      type: 'failed',
      error: error instanceof Error ? error.message : String(error),
    };
    // Exit once the message is out: IPC sends are asynchronous.
    if (process.send) process.send(failed, undefined, undefined, () => process.exit(1));
    else process.exit(1);
  });
}
