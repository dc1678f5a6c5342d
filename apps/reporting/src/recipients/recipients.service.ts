import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  maskEmailAddress,
  type CreateReportRecipientMessageDto,
  NotFoundError,
  REPORT_MAX_RECIPIENTS,
  REPORT_RECIPIENT_ID_PATTERN,
  type RecipientConfirmation,
  type ReportRecipientDto,
  type UnsubscribeResultDto,
  type UpdateReportRecipientDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps } from '@vantage/service-runtime';
import { ReportingConfig } from '../config/reporting.config';
import { MailConsentService } from '../mail-consent/mail-consent.service';
import { MailQuota } from '../mail-quota/mail-quota';
import { newId } from '../shared/ids';
import { ScheduleService } from '../schedule/schedule.service';
import { RecipientRepository } from './recipient.repository';
import type { ReportRecipient } from './recipient.schema';
import { unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe-token';

/**
 * Who receives the weekly report, per organisation, and leaving it: by an admin, or by the
 * recipient through the signed link of any report they received.
 */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly repository: RecipientRepository,
    private readonly schedule: ScheduleService,
    private readonly config: ReportingConfig,
    private readonly consent: MailConsentService,
    private readonly quota: MailQuota,
    private readonly caps: OrgCaps,
  ) {}

  async list(orgId: string): Promise<ReportRecipient[]> {
    return this.repository.list(orgId);
  }

  /** Those the next report goes to. */
  subscribed(orgId: string): Promise<ReportRecipient[]> {
    return this.repository.subscribed(orgId);
  }

  async isSubscribed(orgId: string, id: string): Promise<boolean> {
    return (await this.repository.findById(orgId, id))?.status === 'subscribed';
  }

  async get(orgId: string, id: string): Promise<ReportRecipient> {
    const recipient = REPORT_RECIPIENT_ID_PATTERN.test(id)
      ? await this.repository.findById(orgId, id)
      : null;
    if (!recipient) throw new NotFoundError('no such recipient');
    return recipient;
  }

  async create(
    orgId: string,
    input: CreateReportRecipientMessageDto,
    messageId: string,
  ): Promise<ReportRecipient> {
    const replay = await this.repository.findCreatedBy(orgId, messageId);
    if (replay) return replay;
    const email = input.email.trim();
    const member = input.member ?? false;
    // Counted and inserted under one lock: concurrent additions cannot all see room for one more.
    const recipient = await this.caps.createWithinLimit(
      orgId,
      'report-recipients',
      REPORT_MAX_RECIPIENTS,
      {
        existing: () => this.repository.findCreatedBy(orgId, messageId),
        count: () => this.repository.count(orgId),
        create: () => this.insertNew(orgId, input, messageId),
      },
      () =>
        new ValidationFailedError(
          `an organisation has at most ${REPORT_MAX_RECIPIENTS} recipients`,
        ),
    );
    await this.consent.register(orgId, [{ email, member }]);
    // The scheduler walks the orgs with settings: the first recipient gives the org the default.
    await this.schedule.ensure(orgId);
    return recipient;
  }

  private async insertNew(
    orgId: string,
    input: CreateReportRecipientMessageDto,
    messageId: string,
  ): Promise<ReportRecipient> {
    const now = new Date();
    const email = input.email.trim();
    // Someone outside the org gets a confirmation mail now: it needs room in today's quota.
    if (await this.consent.needsConfirmationMail(orgId, email, input.member ?? false)) {
      await this.quota.assertAvailable(orgId, 1, 'confirmation');
    }
    const recipient: ReportRecipient = {
      _id: newId('rcp'),
      orgId,
      email,
      emailKey: email.toLowerCase(),
      name: input.name?.trim() ?? null,
      status: 'subscribed',
      unsubscribedAt: null,
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.repository.insert(recipient))) {
      throw new ConflictError(`${email} is already a recipient`);
    }
    return recipient;
  }

  async update(
    orgId: string,
    id: string,
    input: UpdateReportRecipientDto,
  ): Promise<ReportRecipient> {
    const existing = await this.get(orgId, id);
    const now = new Date();
    const leaving = input.status === 'unsubscribed' && existing.status === 'subscribed';
    const updated = await this.repository.update(orgId, id, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(leaving ? { status: 'unsubscribed' as const, unsubscribedAt: now } : {}),
      updatedAt: now,
    });
    if (!updated) throw new NotFoundError('no such recipient');
    return updated;
  }

  async delete(orgId: string, id: string): Promise<ReportRecipient> {
    await this.get(orgId, id);
    const deleted = await this.repository.delete(orgId, id);
    if (!deleted) throw new NotFoundError('no such recipient');
    return deleted;
  }

  /** The link of a report: works once and after, says nothing of anyone else. */
  async unsubscribe(token: string): Promise<UnsubscribeResultDto> {
    const subject = verifyUnsubscribeToken(token, this.config.UNSUBSCRIBE_SECRET);
    // The link of an alert, dunning or confirmation mail: the address leaves the org's mail.
    if (subject?.recipientId.startsWith('mcn_')) {
      return this.consent.optOut(subject.orgId, subject.recipientId);
    }
    const recipient = subject
      ? await this.repository.findById(subject.orgId, subject.recipientId)
      : null;
    if (!subject || !recipient) {
      throw new NotFoundError(
        'this unsubscribe link is not valid (the recipient may have been removed)',
      );
    }
    const left = await this.repository.unsubscribe(subject.orgId, subject.recipientId, new Date());
    return { email: maskEmailAddress(recipient.email), alreadyUnsubscribed: left === null };
  }

  /** What the API shows of a recipient, with where its address stands in double opt-in. */
  async toDto(recipient: ReportRecipient): Promise<ReportRecipientDto> {
    return toRecipientDto(
      recipient,
      await this.consent.confirmationOf(recipient.orgId, recipient.email),
    );
  }

  unsubscribeUrl(orgId: string, recipientId: string): string {
    return unsubscribeUrl(this.config, { orgId, recipientId });
  }
}

function toRecipientDto(
  recipient: ReportRecipient,
  confirmation: RecipientConfirmation,
): ReportRecipientDto {
  return {
    confirmation,
    id: recipient._id,
    email: recipient.email,
    name: recipient.name,
    status: recipient.status,
    createdAt: recipient.createdAt.toISOString(),
    unsubscribedAt: recipient.unsubscribedAt?.toISOString() ?? null,
  };
}
