import { Injectable } from '@nestjs/common';
import {
  type ListReportRunsDto,
  NotFoundError,
  REPORT_RUN_ID_PATTERN,
  type ReportRunDto,
  type ReportRunListDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { RunRepository } from './run.repository';
import type { MailDelivery, MailRun } from './run.schema';

const DEFAULT_LIMIT = 20;

/** Past and current runs of an organisation, with their recipients and outcomes. */
@Injectable()
export class RunsService {
  constructor(private readonly repository: RunRepository) {}

  async list(orgId: string, query: ListReportRunsDto): Promise<ReportRunListDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const runs = await this.repository.list(orgId, {
      limit,
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.before ? { before: parseCursor(query.before) } : {}),
    });
    const deliveries = await this.repository.deliveriesOfRuns(runs.map((run) => run._id));
    const last = runs.at(-1);
    return {
      items: runs.map((run) =>
        toRunDto(
          run,
          deliveries.filter((delivery) => delivery.runId === run._id),
        ),
      ),
      next: last && runs.length === limit ? `${last.startedAt.getTime()}.${last._id}` : null,
    };
  }

  async get(orgId: string, id: string): Promise<ReportRunDto> {
    const run = REPORT_RUN_ID_PATTERN.test(id) ? await this.repository.findOfOrg(orgId, id) : null;
    if (!run) throw new NotFoundError('no such run');
    return toRunDto(run, await this.repository.deliveriesOf(id));
  }
}

export function toRunDto(run: MailRun, deliveries: readonly MailDelivery[]): ReportRunDto {
  return {
    id: run._id,
    kind: run.kind,
    key: run.key,
    status: run.status,
    trigger: run.trigger,
    subject: run.subject,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    attempts: run.attempts,
    recipients: deliveries.map((delivery) => ({
      email: delivery.email,
      status: delivery.status,
      messageId: delivery.status === 'sent' ? delivery.messageId : null,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      sentAt: delivery.sentAt?.toISOString() ?? null,
    })),
  };
}

function parseCursor(cursor: string): { startedAt: Date; id: string } {
  const match = /^(\d{1,15})\.(run_[A-Za-z0-9]{20})$/.exec(cursor);
  if (!match) {
    throw new ValidationFailedError('the request is not valid', [
      { field: 'before', message: 'before is not a cursor of this list' },
    ]);
  }
  return { startedAt: new Date(Number(match[1])), id: match[2] as string };
}
