import type { BucketResolution } from '../bucket-query';

/**
 * The `_id` of an organisation's totals document of one bucket. The org comes last: an org id
 * may hold the separator, a resolution and a number cannot.
 */
export function orgTotalsId(orgId: string, resolution: BucketResolution, startMs: number): string {
  return `${resolution}|${startMs}|${orgId}`;
}

/**
 * An event id as a field name: `.` would be read as a path and a leading `$` as an operator,
 * so both are escaped (and `%`, the escape itself), reversibly.
 */
export function eventIdField(eventId: string): string {
  return eventId.replace(/[%.$]/g, (char) => ESCAPES[char] as string);
}

export function eventIdOfField(field: string): string {
  return field.replace(/%(25|2E|24)/g, (escape) => UNESCAPES[escape] as string);
}

const ESCAPES: Readonly<Record<string, string>> = { '%': '%25', '.': '%2E', $: '%24' };
const UNESCAPES: Readonly<Record<string, string>> = { '%25': '%', '%2E': '.', '%24': '$' };
