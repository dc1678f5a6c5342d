import { Inject, Injectable } from '@nestjs/common';
import { AnomalyDetector } from '@vantage/anomaly';
import { type Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { SeriesProfiles } from '../forecasts/series-profile';
import { QualityService } from '../quality/quality.service';
import { alignDown } from '../series/bucket-aggregation';
import { CATALOGUE_LAG_MS } from '../series/series-catalogue';
import type { SeriesEntry } from '../series/series.schema';
import { SeriesReader } from '../series/series-reader';
import { AnomalyAnnouncer } from './anomaly-announcer';
import { anomalyIdOf, explanationOf, isAnomalyKind, toAnomalyDto } from './anomaly-record';
import { AnomalyRepository } from './anomaly.repository';
import type { Anomaly } from './anomaly.schema';
import { DetectorStateRepository } from './detector-state.repository';
import type { DetectorRecord } from './detector-state.schema';

/** History a new detector learns from before scoring live points, in steps. */
const WARMUP_HISTORY_STEPS = 2000;
/** Most steps one scan of one series reads (a detector far behind catches up over scans). */
const MAX_STEPS_PER_SCAN = 5000;
/** Samples may arrive this late for their step and still count. */
const LATE_SAMPLE_GRACE_MS = 30_000;
const HOUR_MS = 3_600_000;

export interface SeriesScan {
  /** Points scored in this scan. */
  readonly observed: number;
  /** Anomalies stored in this scan (suppressed ones included). */
  readonly anomalies: readonly Anomaly[];
}

/**
 * Scores the new points of one series. Each series has a streaming detector whose snapshot and
 * position (the first step not yet scored) are persisted after every scan; a scan reads the
 * complete steps since that position at the series' natural step, and scores each point against
 * the detector's memory of the earlier ones before learning it. A point scoring at or above the
 * threshold is stored; it is announced unless data quality flags the series.
 */
@Injectable()
export class AnomalyScanner {
  private readonly threshold: number;

  constructor(
    private readonly states: DetectorStateRepository,
    private readonly anomalies: AnomalyRepository,
    private readonly profiles: SeriesProfiles,
    private readonly reader: SeriesReader,
    private readonly quality: QualityService,
    private readonly announcer: AnomalyAnnouncer,
    config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.threshold = config.ANOMALY_SCORE_THRESHOLD_PERCENT / 100;
  }

  async scan(entry: SeriesEntry, now = Date.now()): Promise<SeriesScan> {
    const { orgId, seriesId } = entry;
    const record = await this.states.get(orgId, seriesId);
    if (
      record !== undefined &&
      (entry.lastTimestamp === null ||
        entry.lastTimestamp + CATALOGUE_LAG_MS[entry.source] < record.nextFromMs)
    ) {
      return { observed: 0, anomalies: [] };
    }
    const setup = record ?? (await this.newRecord(entry, now));
    const detector = this.detectorOf(setup);
    const { stepMs } = setup;
    const toMs = Math.min(
      alignDown(now - LATE_SAMPLE_GRACE_MS, stepMs),
      setup.nextFromMs + MAX_STEPS_PER_SCAN * stepMs,
    );
    if (toMs <= setup.nextFromMs) return { observed: 0, anomalies: [] };
    const { points } = await this.reader.points(orgId, seriesId, {
      from: new Date(setup.nextFromMs),
      to: new Date(toMs),
      stepMs,
      aggregation: setup.aggregation,
    });
    const found: Anomaly[] = [];
    let observed = 0;
    for (const point of points) {
      if (point.value === null) continue;
      const timestamp = Date.parse(point.timestamp);
      const result = detector.observe({ timestamp, value: point.value });
      observed++;
      const kind = result.explanation.reason;
      if (result.score < this.threshold || !isAnomalyKind(kind)) continue;
      found.push({
        _id: anomalyIdOf(orgId, seriesId, timestamp),
        orgId,
        seriesId,
        timestamp,
        stepMs,
        score: result.score,
        explanation: explanationOf(result, kind),
        status: 'open',
        suppressed: false,
        qualityReasons: [],
        detectedAt: new Date(now),
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
    }
    const stored = await this.store(entry, found, stepMs, now);
    await this.states.save(
      {
        orgId,
        seriesId,
        stepMs,
        aggregation: setup.aggregation,
        nextFromMs: toMs,
        observed: detector.count,
        snapshot: JSON.stringify(detector.snapshot()),
        updatedAt: new Date(now),
      },
      record !== undefined,
    );
    return { observed, anomalies: stored };
  }

  /** Stores the anomalies (a point stored before is skipped) and announces the alarming ones. */
  private async store(
    entry: SeriesEntry,
    found: readonly Anomaly[],
    stepMs: number,
    now: number,
  ): Promise<Anomaly[]> {
    if (found.length === 0) return [];
    // Judged once per scan, over a window that holds a day of steps of an hourly series.
    const assessed = await this.quality.assess(
      entry.orgId,
      entry.seriesId,
      stepMs >= HOUR_MS ? '1d' : '1h',
      now,
    );
    const stored: Anomaly[] = [];
    for (const candidate of found) {
      const anomaly: Anomaly = assessed.flagged
        ? { ...candidate, suppressed: true, qualityReasons: [...assessed.reasons] }
        : candidate;
      if (!(await this.anomalies.insert(anomaly))) continue;
      stored.push(anomaly);
      this.logger.info(
        {
          orgId: entry.orgId,
          seriesId: entry.seriesId,
          anomalyId: anomaly._id,
          score: anomaly.score,
          suppressed: anomaly.suppressed,
        },
        'telemetry anomaly detected',
      );
      if (!anomaly.suppressed) await this.announcer.detected(entry.orgId, toAnomalyDto(anomaly));
    }
    return stored;
  }

  /** A detector for a series seen for the first time: it learns the recent history first. */
  private async newRecord(entry: SeriesEntry, now: number): Promise<Omit<DetectorRecord, '_id'>> {
    const profile = await this.profiles.of(entry.orgId, entry.seriesId, now);
    const earliest = now - WARMUP_HISTORY_STEPS * profile.stepMs;
    const first = Math.max(entry.firstTimestamp ?? now, earliest);
    return {
      orgId: entry.orgId,
      seriesId: entry.seriesId,
      stepMs: profile.stepMs,
      aggregation: profile.aggregation,
      nextFromMs: alignDown(first, profile.stepMs),
      observed: 0,
      snapshot: '',
      updatedAt: new Date(now),
    };
  }

  private detectorOf(record: Omit<DetectorRecord, '_id'>): AnomalyDetector {
    if (record.snapshot === '') return new AnomalyDetector();
    try {
      return AnomalyDetector.fromSnapshot(JSON.parse(record.snapshot));
    } catch (error) {
      // A snapshot of an older detector version: start afresh rather than never score again.
      this.logger.warn(
        { err: error, orgId: record.orgId, seriesId: record.seriesId },
        'anomaly detector state unreadable; starting a new detector',
      );
      return new AnomalyDetector();
    }
  }
}
