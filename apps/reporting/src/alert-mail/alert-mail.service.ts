import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AlertMailRequestedEvent } from '@vantage/contracts';
import type { TransactionalMail } from '../transactional-mail/transactional-mail';
import { TransactionalMailService } from '../transactional-mail/transactional-mail.service';
import { alertMailView } from './alert-mail-view';

const ALERT_MAIL: TransactionalMail<AlertMailRequestedEvent> = {
  kind: 'alert',
  /** Alert mail is news for a day; a run not finished by then is dropped. */
  resumeWindowMs: 86_400_000,
  confirmation: 'required',
  quota: 'counted',
  view: alertMailView,
};

/** Mails alert transitions: one run per `dedupeKey`, one delivery per rule recipient. */
@Injectable()
export class AlertMailService implements OnModuleInit {
  constructor(private readonly mail: TransactionalMailService) {}

  onModuleInit(): void {
    this.mail.register(ALERT_MAIL);
  }

  request(event: AlertMailRequestedEvent): Promise<void> {
    return this.mail.send(ALERT_MAIL, event);
  }
}
