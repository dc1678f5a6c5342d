import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RunExecutor } from './run-executor';
import { RunRegistry } from './run-registry';
import { RunRepository } from './run.repository';

/** Runs older than this are not resumed: their news is stale. */
const RESUME_WINDOW_MS = 8 * 86_400_000;

/**
 * Picks up runs that did not finish: interrupted (their replica died or stopped; the lock has
 * lapsed) or partial (some deliveries failed for now) once their wait is over. Each kind
 * decides through its spec factory whether a run is still worth sending.
 */
@Injectable()
export class RunResumer {
  constructor(
    private readonly repository: RunRepository,
    private readonly registry: RunRegistry,
    private readonly executor: RunExecutor,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** Resumes what is due, one run after the other; answers how many were started. */
  async resumeUnfinished(now = new Date()): Promise<number> {
    let started = 0;
    const runs = await this.repository.unfinished(new Date(now.getTime() - RESUME_WINDOW_MS));
    for (const run of runs) {
      if (run.status === 'partial' && run.resumeAfter && run.resumeAfter > now) continue;
      const spec = await this.registry.specOf(run);
      if (!spec) continue;
      const attempt = await this.executor.start({ ...spec, trigger: run.trigger }, now);
      if (!attempt.started) continue;
      started += 1;
      this.logger.info({ runId: run._id, kind: run.kind, key: run.key }, 'run resumed');
      await attempt.finished;
    }
    return started;
  }
}
