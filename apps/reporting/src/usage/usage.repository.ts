import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import type { HourIncrement, UsageHourFacts } from './usage-figures';
import { decodeKey, encodeKey } from './usage-keys';
import { UsageHour } from './usage-hour.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the usage buckets. */
@Injectable()
export class UsageRepository {
  constructor(@InjectModel(UsageHour.name) private readonly hours: Model<UsageHour>) {}

  /**
   * Adds one hour's increments of a message to its bucket, creating it on first use. Each
   * bucket remembers the messages applied to it: a message redelivered after a partial failure
   * finds its id there and adds nothing twice (the upsert then clashes on _id, which is fine).
   */
  async add(orgId: string, increment: HourIncrement, messageId: string): Promise<void> {
    const inc: Record<string, number> = {
      calls: increment.calls,
      events: increment.events,
      logins: increment.logins,
    };
    for (const [key, count] of increment.endpoints) inc[`endpoints.${encodeKey(key)}`] = count;
    for (const [key, count] of increment.countries) inc[`countries.${encodeKey(key)}`] = count;
    try {
      await this.hours
        .updateOne(
          { _id: `${orgId}:${increment.hour.toISOString()}`, applied: trusted({ $ne: messageId }) },
          {
            $setOnInsert: { orgId, hour: increment.hour },
            $inc: inc,
            $addToSet: {
              applied: messageId,
              ...(increment.users.size > 0 ? { users: { $each: [...increment.users] } } : {}),
            },
          },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
    }
  }

  async between(orgId: string, from: Date, to: Date): Promise<UsageHourFacts[]> {
    const hours = await this.hours
      .find({ orgId, hour: trusted({ $gte: from, $lt: to }) })
      .lean<UsageHour[]>()
      .exec();
    return hours.map((hour) => ({
      hour: hour.hour,
      calls: hour.calls ?? 0,
      events: hour.events ?? 0,
      endpoints: decodedMap(hour.endpoints),
      countries: decodedMap(hour.countries),
      users: hour.users ?? [],
    }));
  }
}

function decodedMap(fields: Record<string, number> | undefined): Map<string, number> {
  return new Map(
    Object.entries(fields ?? {}).map(([key, count]) => [decodeKey(key), Number(count) || 0]),
  );
}
