import { createHash } from 'node:crypto';
import type { SeriesKind } from '@vantage/contracts';

/** A series is a name and a label set; labels are kept sorted by name. */
export interface SeriesIdentity {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Last `.`/`_`-separated part of a name that marks a count (never negative, summed). */
const COUNT_SUFFIXES = new Set(['count', 'counts', 'total', 'requests', 'errors', 'events']);

/** Labels with their names sorted, so `{b, a}` and `{a, b}` are one series. */
export function canonicalLabels(
  labels: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name] as string;
  return sorted;
}

/**
 * The public id of a series: `ser_` and 22 base64url characters of a SHA-256 of its name and
 * sorted labels. Stable (a client can compute it) and the same in every org, which is fine:
 * every read is scoped by org, so another org's series of that name is simply not found.
 */
export function seriesIdOf(identity: SeriesIdentity): string {
  const labels = Object.entries(canonicalLabels(identity.labels));
  const digest = createHash('sha256')
    .update(JSON.stringify([identity.name, labels]))
    .digest('base64url');
  return `ser_${digest.slice(0, 22)}`;
}

export function kindOfSeriesName(name: string): SeriesKind {
  const last = name.split(/[._]/).at(-1)?.toLowerCase() ?? '';
  return COUNT_SUFFIXES.has(last) ? 'count' : 'gauge';
}

/** `_id` of a points document: one per org, series and bucket start. */
export function pointsDocId(orgId: string, seriesId: string, startMs: number): string {
  return createHash('sha1').update(`${orgId}\u001f${seriesId}\u001f${startMs}`).digest('base64url');
}

/** `_id` of a catalogue entry. */
export function catalogueDocId(orgId: string, seriesId: string): string {
  return `${orgId}/${seriesId}`;
}
