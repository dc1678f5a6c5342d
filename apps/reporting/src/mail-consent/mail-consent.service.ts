import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  MAIL_CONFIRM_PATH,
  type MailAddressDto,
  type MailConfirmationResultDto,
  maskEmailAddress,
  NotFoundError,
  type RecipientConfirmation,
  type UnsubscribeResultDto,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { ReportingConfig } from '../config/reporting.config';
import { MailQuota } from '../mail-quota/mail-quota';
import { Mailer } from '../mailer/mailer';
import { unsubscribeUrl } from '../recipients/unsubscribe-token';
import { mailDomain } from '../runs/run-executor';
import { consentId } from '../shared/ids';
import { renderNotice } from '../templates/notice';
import { confirmationMailView } from './confirmation-mail-view';
import { MailConsentRepository } from './mail-consent.repository';
import type { MailConsent } from './mail-consent.schema';

/** Whether a kind of mail needs the address's confirmation (dunning goes to billing's own). */
export type ConfirmationRule = 'required' | 'not-needed';

const CONFIRMATION_KIND = 'confirmation';
const TOKEN = /^(mcn_[A-Za-z0-9]{20})\.([A-Za-z0-9_-]{43})$/;

/**
 * Double opt-in: an org mails its members' addresses at once, anyone else only after they
 * followed the single-use link of the one confirmation mail they get; an address that used an
 * unsubscribe link gets nothing more from that org.
 */
@Injectable()
export class MailConsentService {
  private readonly messageIdDomain: string;

  constructor(
    private readonly repository: MailConsentRepository,
    private readonly mailer: Mailer,
    private readonly quota: MailQuota,
    private readonly config: ReportingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.messageIdDomain = mailDomain(config.MAIL_FROM);
  }

  /** Addresses the org wants to mail: members are trusted, others are asked (once). */
  async register(orgId: string, addresses: readonly MailAddressDto[]): Promise<void> {
    for (const address of addresses) await this.ensure(orgId, address.email, address.member);
  }

  /** True when adding this address now would send its confirmation mail. */
  async needsConfirmationMail(orgId: string, email: string, member: boolean): Promise<boolean> {
    if (member) return false;
    const consent = await this.repository.findById(consentId(orgId, email));
    return (
      consent === null ||
      (consent.state === 'pending' &&
        consent.confirmationSentAt === null &&
        consent.optedOutAt === null)
    );
  }

  /**
   * Why the org must not mail the address now, or null to mail it. An address never seen
   * (an alert rule saved before double opt-in) is asked to confirm here.
   */
  async refusal(orgId: string, email: string, rule: ConfirmationRule): Promise<string | null> {
    const consent =
      rule === 'required'
        ? await this.ensure(orgId, email, false)
        : await this.repository.findById(consentId(orgId, email));
    if (consent?.optedOutAt) return 'unsubscribed';
    if (rule === 'not-needed' || consent === null) return null;
    return consent.state === 'pending' ? 'address not confirmed yet' : null;
  }

  /** Where the address stands; one never registered is asked when there is mail for it. */
  async confirmationOf(orgId: string, email: string): Promise<RecipientConfirmation> {
    const consent = await this.repository.findById(consentId(orgId, email));
    switch (consent?.state) {
      case 'member':
        return 'not-needed';
      case 'confirmed':
        return 'confirmed';
      case 'pending':
      case undefined:
        return 'pending';
    }
  }

  /** The link that stops every mail of the org to the address (List-Unsubscribe). */
  unsubscribeUrl(orgId: string, email: string): string {
    return unsubscribeUrl(this.config, { orgId, recipientId: consentId(orgId, email) });
  }

  peek(token: string): Promise<MailConfirmationResultDto> {
    return this.verified(token).then(({ consent }) => ({ email: maskEmailAddress(consent.email) }));
  }

  /** Uses the link: once. A second use, or a link of another address, is a 404. */
  async confirm(token: string): Promise<MailConfirmationResultDto> {
    const { consent, hash } = await this.verified(token);
    if (!(await this.repository.confirm(consent._id, hash, new Date()))) throw invalidLink();
    this.logger.info({ orgId: consent.orgId }, 'mail address confirmed');
    return { email: maskEmailAddress(consent.email) };
  }

  /** The unsubscribe link of an alert, dunning or confirmation mail (signed by the caller). */
  async optOut(orgId: string, id: string): Promise<UnsubscribeResultDto> {
    const consent = await this.repository.findById(id);
    if (!consent || consent.orgId !== orgId) {
      throw new NotFoundError('this unsubscribe link is not valid');
    }
    const left = await this.repository.optOut(id, new Date());
    return { email: maskEmailAddress(consent.email), alreadyUnsubscribed: left === null };
  }

  private async ensure(orgId: string, email: string, member: boolean): Promise<MailConsent> {
    const now = new Date();
    const consent = await this.repository.createIfAbsent({
      _id: consentId(orgId, email),
      orgId,
      email,
      state: member ? 'member' : 'pending',
      tokenHash: null,
      confirmationSentAt: null,
      confirmedAt: null,
      optedOutAt: null,
      createdAt: now,
      updatedAt: now,
    });
    if (member && consent.state === 'pending') {
      await this.repository.setState(consent._id, 'member', now);
      return { ...consent, state: 'member' };
    }
    if (consent.state === 'pending') await this.requestConfirmation(consent);
    return consent;
  }

  /** Sends the one confirmation mail, unless sent already, left, or over the day's quota. */
  private async requestConfirmation(consent: MailConsent): Promise<void> {
    if (consent.confirmationSentAt !== null || consent.optedOutAt !== null) return;
    const secret = randomBytes(32).toString('base64url');
    const hash = sha256(secret);
    if (!(await this.repository.claimConfirmation(consent._id, hash, new Date()))) return;
    if (!(await this.quota.take(consent.orgId, CONFIRMATION_KIND))) {
      await this.repository.releaseConfirmation(consent._id, hash);
      return;
    }
    const confirmUrl = new URL(MAIL_CONFIRM_PATH, this.config.PUBLIC_URL);
    confirmUrl.searchParams.set('token', `${consent._id}.${secret}`);
    const optOutUrl = this.unsubscribeUrl(consent.orgId, consent.email);
    const rendered = renderNotice(
      confirmationMailView(consent.email, confirmUrl.toString()),
      optOutUrl,
    );
    const outcome = await this.mailer.send({
      to: { address: consent.email },
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${consent._id}.${hash.slice(0, 16)}@${this.messageIdDomain}>`,
      unsubscribeUrl: optOutUrl,
      kind: CONFIRMATION_KIND,
    });
    // A refusal for good stays recorded (no second mail); anything else may be tried again.
    if (!outcome.ok && !outcome.permanent) {
      await this.repository.releaseConfirmation(consent._id, hash);
    }
  }

  private async verified(token: string): Promise<{ consent: MailConsent; hash: string }> {
    const match = TOKEN.exec(token);
    const consent = match ? await this.repository.findById(match[1] as string) : null;
    if (!match || !consent?.tokenHash) throw invalidLink();
    const hash = sha256(match[2] as string);
    const stored = Buffer.from(consent.tokenHash);
    if (stored.length !== hash.length || !timingSafeEqual(stored, Buffer.from(hash))) {
      throw invalidLink();
    }
    return { consent, hash };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function invalidLink(): NotFoundError {
  return new NotFoundError('this confirmation link is not valid, or it was used already');
}
