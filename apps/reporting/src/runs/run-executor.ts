import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { RunStatus } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_IDENTITY, SERVICE_LOGGER, type ServiceIdentity } from '@vantage/service-runtime';
import { ReportingConfig } from '../config/reporting.config';
import { MailQuota } from '../mail-quota/mail-quota';
import { Mailer } from '../mailer/mailer';
import { deliveryId, deliveryMessageId, runId } from '../shared/ids';
import { MailMetrics } from './mail.metrics';
import { type HeldLock, RunLocks } from './run-lock';
import { OPEN_DELIVERY_STATUSES, RunRepository } from './run.repository';
import type { MailDelivery, MailRun } from './run.schema';
import type { PreparedRun, RunSpec } from './run-spec';

export interface StartedRun {
  readonly run: MailRun;
  /** false: another replica (or call) holds the run, or it had nothing left to send. */
  readonly started: boolean;
  /** Settles when this call's sending is over (at once when not started). */
  readonly finished: Promise<void>;
}

/** How long shutdown waits for runs to stop between two deliveries. */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * Sends runs, exactly once per recipient as far as SMTP allows:
 *
 * - the run record has a derived id, so every trigger of (kind, org, key) meets the same run;
 * - one replica at a time works on a run (a Redis lock per run);
 * - each delivery is taken by a conditional update and marked `sent` once the SMTP server
 *   accepted it, so a resumed run skips everyone served;
 * - a failed send is retried with exponential backoff; what still fails is left `failed` and
 *   the run `partial`, for the scheduler to resume later.
 *
 * The one gap SMTP leaves: a replica that dies after the server accepted a message and before
 * the record says `sent` leaves it `sending`, and the resumed run sends it again, with the same
 * Message-ID so mail systems can drop the copy.
 */
@Injectable()
export class RunExecutor implements BeforeApplicationShutdown {
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly messageIdDomain: string;

  constructor(
    private readonly repository: RunRepository,
    private readonly locks: RunLocks,
    private readonly mailer: Mailer,
    private readonly metrics: MailMetrics,
    private readonly quota: MailQuota,
    private readonly config: ReportingConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.messageIdDomain = mailDomain(config.MAIL_FROM);
  }

  /**
   * Starts (or resumes) the run of the spec in the background and answers its record at once.
   * A run another replica holds is answered as it stands, and left to it.
   */
  async start(spec: RunSpec, now = new Date()): Promise<StartedRun> {
    const id = runId(spec.kind, spec.orgId, spec.key);
    const run = await this.repository.createIfAbsent({
      _id: id,
      orgId: spec.orgId,
      kind: spec.kind,
      key: spec.key,
      status: 'running',
      trigger: spec.trigger,
      subject: '',
      content: null,
      attempts: 0,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
      resumeAfter: null,
    });
    if (this.stopping.signal.aborted) return notStarted(run);
    const lock = await this.locks.acquire(id);
    if (!lock) return notStarted(run);
    try {
      await this.addRecipients(spec, id);
      const deliveries = await this.repository.deliveriesOf(id);
      if (!deliveries.some(isOpen)) {
        if (run.status === 'running' || run.status === 'partial')
          await this.settle(run, deliveries);
        await lock.release();
        return notStarted((await this.repository.findById(id)) ?? run);
      }
      const attempt = (await this.repository.beginAttempt(id, now)) ?? run;
      const finished = this.track(this.execute(spec, attempt, lock));
      return { run: attempt, started: true, finished };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      sleep(SHUTDOWN_WAIT_MS, undefined, { ref: false }),
    ]);
  }

  private async addRecipients(spec: RunSpec, id: string): Promise<void> {
    const [wanted, existing] = await Promise.all([
      spec.recipients(),
      this.repository.deliveriesOf(id),
    ]);
    const known = new Set(existing.map((delivery) => delivery.email.toLowerCase()));
    let position = existing.reduce((max, delivery) => Math.max(max, delivery.position), -1);
    const missing: MailDelivery[] = [];
    for (const recipient of wanted) {
      const email = recipient.email.toLowerCase();
      if (known.has(email)) continue;
      known.add(email);
      position += 1;
      missing.push({
        _id: deliveryId(id, email),
        runId: id,
        orgId: spec.orgId,
        email: recipient.email,
        name: recipient.name,
        recipientId: recipient.recipientId,
        position,
        status: 'pending',
        attempts: 0,
        messageId: deliveryMessageId(id, email, this.messageIdDomain),
        lastError: null,
        permanent: false,
        sentAt: null,
        claimedBy: null,
        claimedAt: null,
      });
    }
    if (missing.length > 0) await this.repository.addDeliveries(missing);
  }

  private async execute(spec: RunSpec, run: MailRun, lock: HeldLock): Promise<void> {
    const log = this.logger.child({
      runId: run._id,
      orgId: run.orgId,
      kind: run.kind,
      key: run.key,
    });
    const claimer = `${this.identity.instanceId}:${run.attempts}`;
    try {
      let current = run;
      if (current.content === null || current.content === undefined) {
        const built = await spec.build();
        current = (await this.repository.setContentOnce(run._id, built.subject, built.content)) ?? {
          ...current,
          ...built,
        };
      }
      const prepared = await spec.prepare(current.content);
      for (const delivery of await this.repository.deliveriesOf(run._id)) {
        if (!isOpen(delivery)) continue;
        if (lock.lost || this.stopping.signal.aborted) {
          log.info({ lost: lock.lost }, 'run interrupted; the scheduler resumes it');
          return;
        }
        const refusal = spec.refusal ? await spec.refusal(delivery) : null;
        if (refusal !== null) {
          await this.skip(spec, delivery, refusal);
          continue;
        }
        const claimed = await this.repository.claim(delivery._id, claimer, new Date());
        if (!claimed) continue;
        if (spec.quota === 'counted' && !(await this.quota.take(spec.orgId, spec.kind))) {
          await this.skip(spec, claimed, 'over the daily mail quota of the organisation');
          continue;
        }
        await this.deliver(spec, prepared, claimed, claimer, lock);
      }
      const settled = await this.settle(current, await this.repository.deliveriesOf(run._id));
      log.info({ status: settled }, 'run finished');
    } catch (error) {
      // Left `running`: the scheduler resumes it once the lock is free.
      log.error({ err: error }, 'run failed; the scheduler resumes it');
    } finally {
      await lock.release();
    }
  }

  private async skip(spec: RunSpec, delivery: MailDelivery, reason: string): Promise<void> {
    await this.repository.markSkipped(delivery._id, reason);
    this.metrics.delivery(spec.kind, 'skipped');
  }

  /** Sends one delivery, retrying failures worth retrying with exponential backoff. */
  private async deliver(
    spec: RunSpec,
    prepared: PreparedRun,
    delivery: MailDelivery,
    claimer: string,
    lock: HeldLock,
  ): Promise<void> {
    const mail = prepared.render(delivery);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.mailer.send({
        ...mail,
        to: { address: delivery.email, name: delivery.name },
        messageId: delivery.messageId,
        kind: spec.kind,
      });
      if (outcome.ok) {
        await this.repository.markSent(delivery._id, claimer, new Date());
        this.metrics.delivery(spec.kind, 'sent');
        return;
      }
      const giveUp =
        outcome.permanent ||
        attempt >= this.config.MAIL_MAX_ATTEMPTS ||
        lock.lost ||
        this.stopping.signal.aborted;
      if (giveUp) {
        await this.repository.markFailed(delivery._id, claimer, outcome.message, outcome.permanent);
        this.metrics.delivery(spec.kind, 'failed');
        return;
      }
      await this.repository.recordAttempt(delivery._id, claimer, outcome.message);
      this.metrics.delivery(spec.kind, 'retried');
      try {
        await sleep(this.backoffMs(attempt), undefined, { signal: this.stopping.signal });
      } catch {
        // Shutting down: the next round of the loop records the failure for the resume.
      }
    }
  }

  /** The run's status from its deliveries; a partial run is tried again after a while. */
  private async settle(run: MailRun, deliveries: readonly MailDelivery[]): Promise<RunStatus> {
    const now = new Date();
    const retryable = deliveries.some(isOpen);
    const allRefused =
      deliveries.length > 0 &&
      deliveries.every((delivery) => delivery.status === 'failed' && delivery.permanent);
    const status: RunStatus = retryable ? 'partial' : allRefused ? 'failed' : 'completed';
    const resumeAfter =
      status === 'partial' ? new Date(now.getTime() + this.config.REPORT_RESUME_AFTER_MS) : null;
    await this.repository.finish(run._id, status, now, resumeAfter);
    this.metrics.run(run.kind, status);
    return status;
  }

  private backoffMs(attempt: number): number {
    const { MAIL_RETRY_BACKOFF_MS: base, MAIL_RETRY_MAX_BACKOFF_MS: max } = this.config;
    return Math.min(base * 2 ** (attempt - 1), max);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }
}

function notStarted(run: MailRun): StartedRun {
  return { run, started: false, finished: Promise.resolve() };
}

function isOpen(delivery: MailDelivery): boolean {
  return (
    (OPEN_DELIVERY_STATUSES as readonly string[]).includes(delivery.status) && !delivery.permanent
  );
}

/** The domain of MAIL_FROM's address, for Message-IDs. */
export function mailDomain(mailFrom: string): string {
  const address = /<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.split('@')[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'vantage.local';
}
