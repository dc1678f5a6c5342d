import { performance } from 'node:perf_hooks';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient } from '@vantage/transport';
import { ClosedLoopOptions, runClosedLoop } from '../support/closed-loop';
import { ReplicaPool } from './replica-pool';
import { TICK_PATTERN } from './replica-protocol';

const HANDLED_TIMEOUT_MS = 120_000;
const POLL_MS = 10;

export interface EventThroughput {
  readonly emitted: number;
  /** Emits Redis accepted per second (the emitter's view). */
  readonly emitRps: number;
  /** Events handled per second, from the first emit to the last one handled. */
  readonly handledRps: number;
}

export async function measureEvents(
  client: RedisStreamsClient,
  pool: ReplicaPool,
  options: ClosedLoopOptions,
): Promise<EventThroughput> {
  const handledBefore = await pool.handledEvents();
  const begin = performance.now();
  let n = 0;
  const emits = await runClosedLoop(
    () =>
      firstValueFrom(client.emit(TICK_PATTERN, { n: n++, orgId: 'org-bench' }), {
        defaultValue: undefined,
      }),
    options,
  );
  const deadline = performance.now() + HANDLED_TIMEOUT_MS;
  while ((await pool.handledEvents()) - handledBefore < emits.ops) {
    if (performance.now() > deadline) {
      throw new Error(`events not all handled within ${HANDLED_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const handledMs = performance.now() - begin;
  return {
    emitted: emits.ops,
    emitRps: emits.opsPerSecond,
    handledRps: (emits.ops * 1000) / handledMs,
  };
}
