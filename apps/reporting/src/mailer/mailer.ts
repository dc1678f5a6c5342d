import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ReportingConfig } from '../config/reporting.config';
import { classifyMailError, type MailFailure } from './mail-error';
import { smtpPoolOptions } from './smtp-options';

/** An inline image, referenced from the HTML as `cid:<cid>`. */
export interface InlineImage {
  readonly cid: string;
  readonly filename: string;
  readonly content: Buffer;
}

export interface OutgoingMail {
  readonly to: { readonly address: string; readonly name?: string | null };
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly images?: readonly InlineImage[];
  /** `<id@domain>`: fixed per delivery, so a re-send after an unknown outcome can be deduplicated. */
  readonly messageId: string;
  /** Set on mail a recipient can leave: List-Unsubscribe with its one-click POST (RFC 8058). */
  readonly unsubscribeUrl?: string;
  /** The kind of mail, as an `X-Vantage-Mail` header (filters, support). */
  readonly kind: string;
}

export type SendOutcome =
  { readonly ok: true; readonly messageId: string } | ({ readonly ok: false } & MailFailure);

/**
 * The one way out for every e-mail (weekly report, alert, dunning): a nodemailer SMTP pool
 * from the config. `send` answers an outcome rather than throwing, with permanent refusals
 * told apart from failures worth retrying.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(
    private readonly config: ReportingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.transport = nodemailer.createTransport(smtpPoolOptions(config));
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: {
          'X-Vantage-Mail': mail.kind,
          // RFC 8058: mail clients may POST to the link to leave in one click (never a GET).
          ...(mail.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
        },
        ...(mail.unsubscribeUrl ? { list: { unsubscribe: mail.unsubscribeUrl } } : {}),
        attachments: (mail.images ?? []).map((image) => ({
          filename: image.filename,
          content: image.content,
          contentType: 'image/png',
          contentDisposition: 'inline' as const,
          cid: image.cid,
        })),
      });
      const rejected = info.rejected.map(String);
      if (rejected.length > 0) {
        return { ok: false, permanent: true, message: `recipient refused: ${info.response}` };
      }
      return { ok: true, messageId: info.messageId };
    } catch (error) {
      const failure = classifyMailError(error);
      this.logger.warn({ kind: mail.kind, ...failure }, 'e-mail not sent');
      return { ok: false, ...failure };
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
