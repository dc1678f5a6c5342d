import { Injectable } from '@nestjs/common';
import { MailConsentService } from '../mail-consent/mail-consent.service';
import { RunExecutor } from '../runs/run-executor';
import { RunRegistry } from '../runs/run-registry';
import type { MailRun } from '../runs/run.schema';
import type { RunSpec } from '../runs/run-spec';
import { renderNotice } from '../templates/notice';
import type { TransactionalMail, TransactionalMailEvent } from './transactional-mail';

/**
 * Mails one notice per event through the same executor as the weekly report: one run per
 * `dedupeKey`, one delivery per addressee, retried and resumed the same way. The event itself
 * is the run's content, so a resumed run renders the same mail.
 */
@Injectable()
export class TransactionalMailService {
  constructor(
    private readonly executor: RunExecutor,
    private readonly registry: RunRegistry,
    private readonly consent: MailConsentService,
  ) {}

  /** Lets the scheduler resume this kind's unfinished runs (call once, at module init). */
  register<E extends TransactionalMailEvent>(mail: TransactionalMail<E>): void {
    this.registry.register(mail.kind, (run) => Promise.resolve(this.resumableSpec(mail, run)));
  }

  async send<E extends TransactionalMailEvent>(
    mail: TransactionalMail<E>,
    event: E,
  ): Promise<void> {
    await this.executor.start(this.spec(mail, event));
  }

  private spec<E extends TransactionalMailEvent>(mail: TransactionalMail<E>, event: E): RunSpec<E> {
    return {
      kind: mail.kind,
      orgId: event.orgId,
      key: event.dedupeKey,
      trigger: 'event',
      recipients: () =>
        Promise.resolve(
          event.recipients.map((email) => ({ email, name: null, recipientId: null })),
        ),
      quota: mail.quota,
      build: () => Promise.resolve({ subject: mail.view(event).subject, content: event }),
      prepare: (stored) => {
        const view = mail.view(stored);
        return Promise.resolve({
          render: (delivery) => {
            const unsubscribeUrl = this.consent.unsubscribeUrl(event.orgId, delivery.email);
            const rendered = renderNotice(view, unsubscribeUrl);
            return {
              subject: rendered.subject,
              html: rendered.html,
              text: rendered.text,
              unsubscribeUrl,
            };
          },
        });
      },
      refusal: (delivery) => this.consent.refusal(event.orgId, delivery.email, mail.confirmation),
    };
  }

  private resumableSpec<E extends TransactionalMailEvent>(
    mail: TransactionalMail<E>,
    run: MailRun,
  ): RunSpec | null {
    if (Date.now() - run.startedAt.getTime() > mail.resumeWindowMs || run.content === null)
      return null;
    return this.spec(mail, run.content as E) as RunSpec;
  }
}
