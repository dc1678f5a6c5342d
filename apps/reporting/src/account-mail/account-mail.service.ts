import { Inject, Injectable } from '@nestjs/common';
import type { AccountMailRequestedEvent } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { ReportingConfig } from '../config/reporting.config';
import { Mailer } from '../mailer/mailer';
import { mailDomain } from '../runs/run-executor';
import { renderNotice } from '../templates/notice';
import { accountMailView } from './account-mail-view';

/**
 * Mails a person about their own account. Deliberately not a mail run: runs are listed to the
 * org's admins and keep their content, while these mails carry single-use secrets and belong to
 * one person. A failure to send is thrown, so the transport delivers the event again; the
 * Message-ID derives from the gateway's mail id, so a repeated send is recognisably the same mail.
 */
@Injectable()
export class AccountMailService {
  private readonly messageIdDomain: string;

  constructor(
    private readonly mailer: Mailer,
    config: ReportingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.messageIdDomain = mailDomain(config.MAIL_FROM);
  }

  async send(event: AccountMailRequestedEvent): Promise<void> {
    const rendered = renderNotice(accountMailView(event));
    const outcome = await this.mailer.send({
      to: { address: event.to, name: event.name },
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${event.mailId}@${this.messageIdDomain}>`,
      kind: `account.${event.kind}`,
    });
    if (outcome.ok) {
      this.logger.info({ kind: event.kind, mailId: event.mailId }, 'account mail sent');
      return;
    }
    // A permanent refusal will not get better by retrying; anything else is retried.
    if (outcome.permanent) {
      this.logger.warn({ kind: event.kind, mailId: event.mailId }, 'account mail refused');
      return;
    }
    throw new Error(`account mail not sent: ${outcome.message}`);
  }
}
