import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import type { Connection } from 'mongoose';

/**
 * Readiness's MongoDB check: up when the server answers `ping` within the timeout.
 *
 * One ping at a time: a probe that comes while the last ping is unanswered waits for that one.
 * Otherwise every probe of a slow server (each times out, but its ping goes on) holds one more
 * connection of the app's pool, until the probes alone have taken the whole pool and the replica
 * can never become ready again (seen after a FerretDB restart under load).
 */
@Injectable()
export class MongoReadiness {
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly health: HealthIndicatorService,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  pingCheck<const Key extends string>(key: Key, timeoutMs: number): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(() => this.ping())
      .withTimeout(timeoutMs);
  }

  private ping(): Promise<void> {
    this.inFlight ??= this.send().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async send(): Promise<void> {
    const db = this.connection.db;
    // readyState 1: connected. Anything else would queue the ping behind the reconnection.
    if (db === undefined || this.connection.readyState !== 1)
      throw new Error('not connected to MongoDB');
    await db.admin().ping();
  }
}
