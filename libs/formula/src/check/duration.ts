/** `shift=` durations: whole minutes at least, since minute buckets are the finest data. */

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Longest shift accepted: the day buckets' default retention (5 years) with room to spare. */
export const MAX_SHIFT_MS = 3_660 * UNIT_MS.d;

const WHOLE = /^(?:[0-9]{1,6}[mhdw])+$/;
const PART = /([0-9]{1,6})([mhdw])/g;

export type DurationParse = { readonly ms: number } | { readonly problem: string };

/** "30m", "1h", "1d", "1w" or combinations in any order ("1d12h"); at most 10 years. */
export function parseDuration(text: string): DurationParse {
  if (!WHOLE.test(text)) {
    return {
      problem: /[0-9]s$/.test(text)
        ? 'seconds are finer than the data (per-minute buckets)'
        : 'expected a whole number and a unit m, h, d or w',
    };
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit];
  if (ms > MAX_SHIFT_MS) return { problem: 'longer than 10 years' };
  return { ms };
}

/** A duration as the shortest text parseDuration reads back, e.g. 90 minutes → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0m';
  let rest = ms;
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * UNIT_MS[unit];
  }
  return text;
}
