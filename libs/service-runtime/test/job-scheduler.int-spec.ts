import { createLogger } from '@vantage/observability';
import { testPrefix, testRedisUrl, waitUntil } from '@vantage/transport/testing';
import { BaseServiceConfig } from '../src/config/base-service.config';
import { JobScheduler } from '../src/jobs/job-scheduler';

function replica(prefix: string, name: string): JobScheduler {
  const config = Object.assign(new BaseServiceConfig(), {
    REDIS_URL: testRedisUrl(),
    TRANSPORT_PREFIX: prefix,
  });
  return new JobScheduler(
    config,
    { service: 'traffic-monitor', instanceId: name },
    createLogger({ service: 'traffic-monitor', level: 'silent' }),
  );
}

describe('JobScheduler', () => {
  it('runs each period on exactly one of two replicas', async () => {
    const prefix = testPrefix();
    const a = replica(prefix, 'a');
    const b = replica(prefix, 'b');
    const runs: { period: number; by: string }[] = [];
    try {
      a.schedule('evaluate', 150, async (period) => void runs.push({ period, by: 'a' }));
      b.schedule('evaluate', 150, async (period) => void runs.push({ period, by: 'b' }));
      await waitUntil(() => runs.length >= 5, 'five periods run');
    } finally {
      await Promise.all([a.onApplicationShutdown(), b.onApplicationShutdown()]);
    }
    const periods = runs.map((run) => run.period);
    expect(new Set(periods).size).toBe(periods.length);
  });

  it('does not overlap a run that outlasts its period on the same replica', async () => {
    const scheduler = replica(testPrefix(), 'solo');
    let concurrent = 0;
    let maxConcurrent = 0;
    let finished = 0;
    try {
      scheduler.schedule('slow', 100, async () => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 250));
        concurrent -= 1;
        finished += 1;
      });
      await waitUntil(() => finished >= 2, 'two slow runs');
    } finally {
      await scheduler.onApplicationShutdown();
    }
    expect(maxConcurrent).toBe(1);
  });

  it('does not start a run on another replica while a run outlasts its period', async () => {
    const prefix = testPrefix();
    const a = replica(prefix, 'a');
    const b = replica(prefix, 'b');
    let concurrent = 0;
    let maxConcurrent = 0;
    const finishedBy: string[] = [];
    const slowRun = (by: string) => async (): Promise<void> => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 350));
      concurrent -= 1;
      finishedBy.push(by);
    };
    try {
      a.schedule('scan', 100, slowRun('a'));
      b.schedule('scan', 100, slowRun('b'));
      await waitUntil(() => finishedBy.length >= 4, 'four slow runs');
    } finally {
      await Promise.all([a.onApplicationShutdown(), b.onApplicationShutdown()]);
    }
    // Each replica alone never overlaps itself; before the running lease the other replica
    // took the next period and two runs went at once.
    expect(maxConcurrent).toBe(1);
  });

  it('keeps going after a run throws', async () => {
    const scheduler = replica(testPrefix(), 'faulty');
    let calls = 0;
    try {
      scheduler.schedule('faulty', 100, async () => {
        calls += 1;
        throw new Error('boom');
      });
      await waitUntil(() => calls >= 2, 'a second run after a failure');
    } finally {
      await scheduler.onApplicationShutdown();
    }
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
