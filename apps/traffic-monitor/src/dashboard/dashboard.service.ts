import { Injectable } from '@nestjs/common';
import {
  type DashboardPageDto,
  type DashboardQueryDto,
  type DashboardStatsDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { type HealthSnapshot, HealthService } from '../health/health.service';
import { queryRows } from './dashboard-query';
import { summarizeHealth } from './dashboard-stats';

/** The dashboard's views over an organisation's event health. */
@Injectable()
export class DashboardService {
  constructor(private readonly health: HealthService) {}

  async stats(orgId: string, asOf: string | undefined): Promise<DashboardStatsDto> {
    const snapshot = await this.snapshot(orgId, asOf);
    const sets = snapshot.sets.map((set) => ({
      id: set._id,
      name: set.name,
      colour: set.colour,
      enabled: set.enabled,
    }));
    return { ...summarizeHealth(snapshot.rows, sets), window: snapshot.window };
  }

  async query(orgId: string, query: DashboardQueryDto): Promise<DashboardPageDto> {
    const snapshot = await this.snapshot(orgId, query.asOf);
    return { ...queryRows(snapshot.rows, query), window: snapshot.window };
  }

  /** Health judged now comes from the org's last answer while a newer one is computed. */
  private snapshot(orgId: string, asOf: string | undefined): Promise<HealthSnapshot> {
    if (asOf !== undefined) return this.health.snapshot(orgId, parseAsOf(asOf));
    return this.health.recentSnapshot(orgId);
  }
}

function parseAsOf(asOf: string | undefined): Date | undefined {
  if (asOf === undefined) return undefined;
  const at = new Date(asOf);
  if (Number.isNaN(at.getTime())) {
    throw new ValidationFailedError('the request is not valid', [
      { field: 'asOf', message: 'asOf must be an ISO 8601 date' },
    ]);
  }
  return at;
}
