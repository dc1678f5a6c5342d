import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateReportRecipientMessageDto,
  REPORT_RECIPIENT_PATTERNS,
  ReportRecipientIdDto,
  type ReportRecipientDto,
  type ReportRecipientListDto,
  UnsubscribeDto,
  type UnsubscribeResultDto,
  UpdateReportRecipientMessageDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { RecipientsService } from './recipients.service';

/** Recipient CRUD over the transport (org from the envelope) and the public unsubscribe. */
@Controller()
export class RecipientsHandler {
  constructor(private readonly recipients: RecipientsService) {}

  @MessagePattern(REPORT_RECIPIENT_PATTERNS.list)
  async list(@MessageOrg() orgId: string): Promise<ReportRecipientListDto> {
    const recipients = await this.recipients.list(orgId);
    return {
      items: await Promise.all(recipients.map((recipient) => this.recipients.toDto(recipient))),
    };
  }

  @MessagePattern(REPORT_RECIPIENT_PATTERNS.get)
  async get(
    @MessageOrg() orgId: string,
    @Payload() { id }: ReportRecipientIdDto,
  ): Promise<ReportRecipientDto> {
    return this.recipients.toDto(await this.recipients.get(orgId, id));
  }

  @MessagePattern(REPORT_RECIPIENT_PATTERNS.create)
  async create(
    @MessageOrg() orgId: string,
    @Payload() input: CreateReportRecipientMessageDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<ReportRecipientDto> {
    return this.recipients.toDto(
      await this.recipients.create(orgId, input, context.getMessageId()),
    );
  }

  @MessagePattern(REPORT_RECIPIENT_PATTERNS.update)
  async update(
    @MessageOrg() orgId: string,
    @Payload() { id, ...changes }: UpdateReportRecipientMessageDto,
  ): Promise<ReportRecipientDto> {
    return this.recipients.toDto(await this.recipients.update(orgId, id, changes));
  }

  @MessagePattern(REPORT_RECIPIENT_PATTERNS.delete)
  async delete(
    @MessageOrg() orgId: string,
    @Payload() { id }: ReportRecipientIdDto,
  ): Promise<ReportRecipientDto> {
    return this.recipients.toDto(await this.recipients.delete(orgId, id));
  }

  /** No org in the envelope: the link's signed token names the recipient (and its org). */
  @MessagePattern(REPORT_RECIPIENT_PATTERNS.unsubscribe)
  unsubscribe(@Payload() { token }: UnsubscribeDto): Promise<UnsubscribeResultDto> {
    return this.recipients.unsubscribe(token);
  }
}
