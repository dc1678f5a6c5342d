import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DunningMailRequestedEvent } from '@vantage/contracts';
import { RunExecutor } from '../runs/run-executor';
import { RunRegistry } from '../runs/run-registry';
import type { MailRun } from '../runs/run.schema';
import type { RunSpec } from '../runs/run-spec';
import { renderNotice } from '../templates/notice';
import { dunningMailView } from './dunning-mail-view';

/** A dunning notice not delivered within two days is replaced by billing's next one. */
const RESUME_WINDOW_MS = 2 * 86_400_000;

/** Mails billing's dunning notices through the same executor, templates and run records. */
@Injectable()
export class DunningMailService implements OnModuleInit {
  constructor(
    private readonly executor: RunExecutor,
    private readonly registry: RunRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('dunning', (run) => Promise.resolve(this.resumableSpec(run)));
  }

  async request(event: DunningMailRequestedEvent): Promise<void> {
    await this.executor.start(this.spec(event));
  }

  private spec(event: DunningMailRequestedEvent): RunSpec<DunningMailRequestedEvent> {
    return {
      kind: 'dunning',
      orgId: event.orgId,
      key: event.dedupeKey,
      trigger: 'event',
      recipients: () =>
        Promise.resolve(
          event.recipients.map((email) => ({ email, name: null, recipientId: null })),
        ),
      build: () => Promise.resolve({ subject: dunningMailView(event).subject, content: event }),
      prepare: (stored) => {
        const mail = renderNotice(dunningMailView(stored));
        return Promise.resolve({
          render: () => ({ subject: mail.subject, html: mail.html, text: mail.text }),
        });
      },
    };
  }

  private resumableSpec(run: MailRun): RunSpec | null {
    if (Date.now() - run.startedAt.getTime() > RESUME_WINDOW_MS || run.content === null)
      return null;
    return this.spec(run.content as DunningMailRequestedEvent) as RunSpec;
  }
}
