import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ALERT_MAIL_REQUESTED_EVENT,
  AlertMailRequestedEvent,
  ForbiddenError,
} from '@vantage/contracts';
import { eventEnvelope } from '../shared/event-envelope';
import { AlertMailService } from './alert-mail.service';

/**
 * The traffic monitor's alert mail requests. The org is in the payload (the evaluator runs
 * outside any request); when the envelope names an org too, they must agree.
 */
@Controller()
export class AlertMailHandler {
  constructor(private readonly alertMail: AlertMailService) {}

  @EventPattern(ALERT_MAIL_REQUESTED_EVENT)
  request(@Payload() event: AlertMailRequestedEvent, @Ctx() context: unknown): Promise<void> {
    const envelopeOrg = eventEnvelope(context).orgId;
    if (envelopeOrg !== undefined && envelopeOrg !== event.orgId) {
      throw new ForbiddenError('the alert mail names another organisation than its envelope');
    }
    return this.alertMail.request(event);
  }
}
