import { zonedParts } from '../weekly/iso-week';

/**
 * How figures read in the e-mail (en-US): counts, money, rates, changes and durations. Pure,
 * so what a recipient reads is unit-tested.
 */
const MINUS = '\u2212';

/** Whether a rise is good news: revenue up is, churn up is not, a count of calls is neither. */
export type Polarity = 'up-good' | 'down-good' | 'neutral';
export type Tone = 'good' | 'bad' | 'flat';

export interface FormattedChange {
  /** `+3.3%`, `−12.0%`, `new`, `no change`, or a point difference for rates: `+0.4 pp`. */
  readonly text: string;
  readonly tone: Tone;
  /** ▲ ▼ or nothing. */
  readonly arrow: string;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

export function formatCount(value: number): string {
  if (Math.abs(value) >= 1_000_000) return compact.format(value);
  return integer.format(Math.round(value));
}

/** Averages such as DAU: one decimal below 100, whole numbers above. */
export function formatAverage(value: number): string {
  if (Math.abs(value) >= 100) return formatCount(value);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value);
}

/** Minor units (cents) in the currency's own number of decimals, rounded to whole units. */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  let digits = 2;
  let format: Intl.NumberFormat;
  try {
    digits =
      new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: code,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    });
  } catch {
    return `${formatCount(minor / 100)} ${code}`;
  }
  return format.format(minor / 10 ** digits).replace('-', MINUS);
}

/** A fraction as a percentage: 0.0235 → `2.35%`. */
export function formatRate(fraction: number | null, digits = 2): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  return `${(fraction * 100).toFixed(digits).replace('-', MINUS)}%`;
}

/** How a figure moved from last week, as a percentage of last week. */
export function formatChange(
  current: number,
  previous: number,
  polarity: Polarity = 'neutral',
): FormattedChange {
  if (current === previous) return { text: 'no change', tone: 'flat', arrow: '' };
  const up = current > previous;
  const tone = toneOf(up, polarity);
  const arrow = up ? '\u25B2' : '\u25BC';
  if (previous === 0) return { text: up ? 'new' : 'down', tone, arrow };
  const percent = ((current - previous) / Math.abs(previous)) * 100;
  const magnitude = Math.abs(percent);
  const digits = magnitude >= 100 ? 0 : 1;
  const shown = magnitude.toFixed(digits);
  if (Number(shown) === 0) return { text: 'no change', tone: 'flat', arrow: '' };
  return { text: `${up ? '+' : MINUS}${shown}%`, tone, arrow };
}

/** How a rate moved, in percentage points: 2.1% → 2.5% is `+0.40 pp`. */
export function formatRateChange(
  current: number | null,
  previous: number | null,
  polarity: Polarity,
): FormattedChange {
  if (current === null || previous === null) return { text: '', tone: 'flat', arrow: '' };
  const points = (current - previous) * 100;
  const shown = Math.abs(points).toFixed(2);
  if (Number(shown) === 0) return { text: 'no change', tone: 'flat', arrow: '' };
  const up = points > 0;
  return {
    text: `${up ? '+' : MINUS}${shown} pp`,
    tone: toneOf(up, polarity),
    arrow: up ? '\u25B2' : '\u25BC',
  };
}

/** `45 min`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'n/a';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours === 0 ? `${days} d` : `${days} d ${restHours} h`;
}

/** A signed amount of money: `+$1,200` or `−$350`. */
export function formatSignedMoney(minor: number, currency: string): string {
  if (minor === 0) return formatMoney(0, currency);
  const text = formatMoney(Math.abs(minor), currency);
  return `${minor > 0 ? '+' : MINUS}${text}`;
}

/** A signed value without currency (business impact in the dashboard's units). */
export function formatSigned(value: number): string {
  if (Math.round(value) === 0) return '0';
  return `${value > 0 ? '+' : MINUS}${formatCount(Math.abs(value))}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The days a week covers, in its zone: `16–22 Nov 2026`, `28 Dec 2026 – 3 Jan 2027`. Month
 * names are ours, not Intl's: ICU versions disagree on them (`Sep` or `Sept`).
 */
export function formatWeekRange(from: Date, to: Date, timeZone: string): string {
  const first = zonedParts(from, timeZone);
  const last = zonedParts(new Date(to.getTime() - 1), timeZone);
  const month = (parts: { month: number }): string => MONTHS[parts.month - 1] ?? '';
  const end = `${last.day} ${month(last)} ${last.year}`;
  if (first.year !== last.year) return `${first.day} ${month(first)} ${first.year} \u2013 ${end}`;
  if (first.month !== last.month) return `${first.day} ${month(first)} \u2013 ${end}`;
  return `${first.day}\u2013${end}`;
}

function toneOf(up: boolean, polarity: Polarity): Tone {
  if (polarity === 'neutral') return 'flat';
  return up === (polarity === 'up-good') ? 'good' : 'bad';
}
