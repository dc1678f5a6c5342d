import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MAIL_CONSENT_PATTERNS,
  MailConfirmationDto,
  type MailConfirmationResultDto,
  RegisterMailAddressesDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { MailConsentService } from './mail-consent.service';

/** Addresses an org wants to mail (from the gateway), and the public confirmation link. */
@Controller()
export class MailConsentHandler {
  constructor(private readonly consent: MailConsentService) {}

  @MessagePattern(MAIL_CONSENT_PATTERNS.register)
  async register(
    @MessageOrg() orgId: string,
    @Payload() { addresses }: RegisterMailAddressesDto,
  ): Promise<Record<string, never>> {
    await this.consent.register(orgId, addresses);
    return {};
  }

  /** No org in the envelope: the link's token names the address (and its org). */
  @MessagePattern(MAIL_CONSENT_PATTERNS.peek)
  peek(@Payload() { token }: MailConfirmationDto): Promise<MailConfirmationResultDto> {
    return this.consent.peek(token);
  }

  @MessagePattern(MAIL_CONSENT_PATTERNS.confirm)
  confirm(@Payload() { token }: MailConfirmationDto): Promise<MailConfirmationResultDto> {
    return this.consent.confirm(token);
  }
}
