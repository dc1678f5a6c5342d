import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  DUNNING_MAIL_REQUESTED_EVENT,
  DunningMailRequestedEvent,
  ForbiddenError,
} from '@vantage/contracts';
import { eventEnvelope } from '../shared/event-envelope';
import { DunningMailService } from './dunning-mail.service';

/** Billing's dunning mail requests; an envelope org, when present, must match the payload's. */
@Controller()
export class DunningMailHandler {
  constructor(private readonly dunningMail: DunningMailService) {}

  @EventPattern(DUNNING_MAIL_REQUESTED_EVENT)
  request(@Payload() event: DunningMailRequestedEvent, @Ctx() context: unknown): Promise<void> {
    const envelopeOrg = eventEnvelope(context).orgId;
    if (envelopeOrg !== undefined && envelopeOrg !== event.orgId) {
      throw new ForbiddenError('the dunning mail names another organisation than its envelope');
    }
    return this.dunningMail.request(event);
  }
}
