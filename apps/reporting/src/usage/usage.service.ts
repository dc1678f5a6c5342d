import { Injectable } from '@nestjs/common';
import type { UsageRecordDto } from '@vantage/contracts';
import { addWeeks, type IsoWeek } from '../weekly/iso-week';
import { localMidnights } from '../weekly/local-midnights';
import type { UsageSection } from '../weekly/report-model';
import { incrementsByHour, usageSection } from './usage-figures';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;

/** The gateway's usage records, summed per org and hour, and the report's usage section. */
@Injectable()
export class UsageService {
  constructor(private readonly repository: UsageRepository) {}

  async record(
    orgId: string,
    records: readonly UsageRecordDto[],
    messageId: string,
  ): Promise<void> {
    for (const increment of incrementsByHour(records)) {
      await this.repository.add(orgId, increment, messageId);
    }
  }

  /** null when the gateway recorded nothing for the org in the 37 days the section reads. */
  async reportSection(
    orgId: string,
    week: IsoWeek,
    timeZone: string,
  ): Promise<UsageSection | null> {
    const dayStarts = localMidnights(week, timeZone);
    const previousDayStarts = localMidnights(addWeeks(week, -1), timeZone);
    const from = new Date((previousDayStarts[0] as Date).getTime() - 30 * DAY_MS);
    const hours = await this.repository.between(orgId, from, dayStarts.at(-1) as Date);
    return hours.length === 0 ? null : usageSection(hours, dayStarts, previousDayStarts);
  }
}
