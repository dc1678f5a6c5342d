import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DunningMailRequestedEvent } from '@vantage/contracts';
import type { TransactionalMail } from '../transactional-mail/transactional-mail';
import { TransactionalMailService } from '../transactional-mail/transactional-mail.service';
import { dunningMailView } from './dunning-mail-view';

const DUNNING_MAIL: TransactionalMail<DunningMailRequestedEvent> = {
  kind: 'dunning',
  /** A dunning notice not delivered within two days is replaced by billing's next one. */
  resumeWindowMs: 2 * 86_400_000,
  confirmation: 'not-needed',
  quota: 'exempt',
  view: dunningMailView,
};

/** Mails billing's dunning notices through the same executor, templates and run records. */
@Injectable()
export class DunningMailService implements OnModuleInit {
  constructor(private readonly mail: TransactionalMailService) {}

  onModuleInit(): void {
    this.mail.register(DUNNING_MAIL);
  }

  request(event: DunningMailRequestedEvent): Promise<void> {
    return this.mail.send(DUNNING_MAIL, event);
  }
}
