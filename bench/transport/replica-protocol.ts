// What the benchmark process and its replica processes share: the patterns served and the
// IPC messages between them.

export const BENCH_SERVICE = 'bench';
export const ECHO_PATTERN = 'bench.echo.1';
export const TICK_PATTERN = 'bench.tick.1';

export type ParentMessage = { readonly type: 'report' } | { readonly type: 'stop' };

export interface ReplicaReport {
  readonly type: 'report';
  readonly handledRequests: number;
  readonly handledEvents: number;
  readonly rssMb: number;
}

export type ReplicaMessage =
  { readonly type: 'ready' } | { readonly type: 'failed'; readonly error: string } | ReplicaReport;

/** IPC delivers whatever the other side sent: check the shape instead of trusting a cast. */
export function isReplicaMessage(value: unknown): value is ReplicaMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'failed':
      return 'error' in value && typeof value.error === 'string';
    case 'report':
      return (
        'handledRequests' in value &&
        typeof value.handledRequests === 'number' &&
        'handledEvents' in value &&
        typeof value.handledEvents === 'number' &&
        'rssMb' in value &&
        typeof value.rssMb === 'number'
      );
    default:
      return false;
  }
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    (value.type === 'report' || value.type === 'stop')
  );
}
