import { Injectable } from '@nestjs/common';
import {
  ANOMALY_ID_PATTERN,
  ANOMALY_LIST_DEFAULT_LIMIT,
  type AnomalyDto,
  type AnomalyPageDto,
  type ListAnomaliesDto,
  NotFoundError,
  ValidationFailedError,
} from '@vantage/contracts';
import { AnomalyAnnouncer } from './anomaly-announcer';
import { toAnomalyDto } from './anomaly-record';
import { AnomalyRepository } from './anomaly.repository';
import type { Anomaly } from './anomaly.schema';

/** Reading and acknowledging an org's anomalies. */
@Injectable()
export class AnomaliesService {
  constructor(
    private readonly repository: AnomalyRepository,
    private readonly announcer: AnomalyAnnouncer,
  ) {}

  async list(orgId: string, query: ListAnomaliesDto): Promise<AnomalyPageDto> {
    const limit = query.limit ?? ANOMALY_LIST_DEFAULT_LIMIT;
    const fromMs = query.from === undefined ? undefined : Date.parse(query.from);
    const toMs = query.to === undefined ? undefined : Date.parse(query.to);
    if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
      const message = 'from must be before to';
      throw new ValidationFailedError(message, [{ field: 'from', message }]);
    }
    const items = await this.repository.list({
      orgId,
      limit: limit + 1,
      ...(query.seriesId === undefined ? {} : { seriesId: query.seriesId }),
      ...(query.status === undefined ? {} : { statuses: query.status }),
      ...(query.minScore === undefined ? {} : { minScore: query.minScore }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
      ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor) }),
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAnomalyDto),
      nextCursor: items.length > limit && last !== undefined ? encodeCursor(last) : null,
    };
  }

  async get(orgId: string, id: string): Promise<AnomalyDto> {
    return toAnomalyDto(await this.find(orgId, id));
  }

  /** Acknowledging twice is harmless: the first acknowledgement is kept. */
  async acknowledge(orgId: string, id: string, actorId: string): Promise<AnomalyDto> {
    const before = await this.find(orgId, id);
    if (before.status === 'acknowledged') return toAnomalyDto(before);
    const after = await this.repository.acknowledge(orgId, id, actorId, new Date());
    if (after === undefined) throw notFound(id);
    const dto = toAnomalyDto(after);
    await this.announcer.acknowledged(orgId, dto);
    return dto;
  }

  private async find(orgId: string, id: string): Promise<Anomaly> {
    if (!ANOMALY_ID_PATTERN.test(id)) throw notFound(id);
    const anomaly = await this.repository.get(orgId, id);
    if (anomaly === undefined) throw notFound(id);
    return anomaly;
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`anomaly ${id} not found`);
}

function encodeCursor(anomaly: Anomaly): string {
  return Buffer.from(JSON.stringify([anomaly.timestamp, anomaly._id])).toString('base64url');
}

function decodeCursor(cursor: string): { timestamp: number; id: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'number' &&
      typeof decoded[1] === 'string'
    ) {
      return { timestamp: decoded[0], id: decoded[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  const message = 'cursor is not a cursor of this list';
  throw new ValidationFailedError(message, [{ field: 'cursor', message }]);
}
