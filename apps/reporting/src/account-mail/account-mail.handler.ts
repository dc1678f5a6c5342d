import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ACCOUNT_MAIL_REQUESTED_EVENT, AccountMailRequestedEvent } from '@vantage/contracts';
import { AccountMailService } from './account-mail.service';

/** The gateway's account mails (verification, reset, notices). */
@Controller()
export class AccountMailHandler {
  constructor(private readonly accountMail: AccountMailService) {}

  @EventPattern(ACCOUNT_MAIL_REQUESTED_EVENT)
  request(@Payload() event: AccountMailRequestedEvent): Promise<void> {
    return this.accountMail.send(event);
  }
}
