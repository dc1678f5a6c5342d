import { Injectable } from '@nestjs/common';
import type { MailKind } from '@vantage/contracts';
import type { MailRun } from './run.schema';
import type { RunSpec, RunSpecFactory } from './run-spec';

/**
 * How each kind of mail rebuilds the spec of a stored run: the weekly report, alert and
 * dunning modules register theirs, and the scheduler resumes any run through it.
 */
@Injectable()
export class RunRegistry {
  private readonly factories = new Map<MailKind, RunSpecFactory>();

  register(kind: MailKind, factory: RunSpecFactory): void {
    this.factories.set(kind, factory);
  }

  specOf(run: MailRun): Promise<RunSpec | null> {
    const factory = this.factories.get(run.kind);
    return factory ? factory(run) : Promise.resolve(null);
  }
}
