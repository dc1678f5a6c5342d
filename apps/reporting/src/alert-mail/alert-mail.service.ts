import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AlertMailRequestedEvent } from '@vantage/contracts';
import { RunExecutor } from '../runs/run-executor';
import { RunRegistry } from '../runs/run-registry';
import type { MailRun } from '../runs/run.schema';
import type { RunSpec } from '../runs/run-spec';
import { renderNotice } from '../templates/notice';
import { alertMailView } from './alert-mail-view';

/** Alert mail is news for a day; a run not finished by then is dropped. */
const RESUME_WINDOW_MS = 86_400_000;

/**
 * Mails alert transitions through the same executor as the weekly report: one run per
 * `dedupeKey`, one delivery per rule recipient, retried and resumed the same way.
 */
@Injectable()
export class AlertMailService implements OnModuleInit {
  constructor(
    private readonly executor: RunExecutor,
    private readonly registry: RunRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('alert', (run) => Promise.resolve(this.resumableSpec(run)));
  }

  async request(event: AlertMailRequestedEvent): Promise<void> {
    await this.executor.start(this.spec(event));
  }

  private spec(event: AlertMailRequestedEvent): RunSpec<AlertMailRequestedEvent> {
    return {
      kind: 'alert',
      orgId: event.orgId,
      key: event.dedupeKey,
      trigger: 'event',
      recipients: () =>
        Promise.resolve(
          event.recipients.map((email) => ({ email, name: null, recipientId: null })),
        ),
      build: () => Promise.resolve({ subject: alertMailView(event).subject, content: event }),
      prepare: (stored) => {
        const mail = renderNotice(alertMailView(stored));
        return Promise.resolve({
          render: () => ({ subject: mail.subject, html: mail.html, text: mail.text }),
        });
      },
    };
  }

  private resumableSpec(run: MailRun): RunSpec | null {
    if (Date.now() - run.startedAt.getTime() > RESUME_WINDOW_MS || run.content === null)
      return null;
    return this.spec(run.content as AlertMailRequestedEvent) as RunSpec;
  }
}
