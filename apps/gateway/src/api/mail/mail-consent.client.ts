import { Inject, Injectable } from '@nestjs/common';
import { MAIL_CONSENT_PATTERNS } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { MemberAddresses } from '../../identity/member-addresses';
import { ServiceRouter } from '../../routing/service-router';

/**
 * Tells reporting which addresses an org is about to mail, marking its members' (only the
 * gateway knows them): reporting asks the others to confirm before it mails them anything.
 */
@Injectable()
export class MailConsentClient {
  constructor(
    private readonly router: ServiceRouter,
    private readonly members: MemberAddresses,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async isMember(orgId: string, email: string): Promise<boolean> {
    return (await this.members.among(orgId, [email])).has(email.trim().toLowerCase());
  }

  /**
   * After the rule is saved, so never fails the request: should reporting miss it, it asks an
   * unknown address to confirm when it first has mail for it.
   */
  async register(orgId: string, emails: readonly string[]): Promise<void> {
    if (emails.length === 0) return;
    try {
      const members = await this.members.among(orgId, emails);
      const addresses = emails.map((email) => ({
        email,
        member: members.has(email.trim().toLowerCase()),
      }));
      await this.router.send('reporting', MAIL_CONSENT_PATTERNS.register, { addresses });
    } catch (error) {
      this.logger.warn({ orgId, err: error }, 'mail recipients not registered with reporting');
    }
  }
}
