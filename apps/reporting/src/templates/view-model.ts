import type { FormattedChange, Tone } from './format';

/**
 * What the e-mail templates are filled with: every figure already formatted, so templates hold
 * layout only and the numbers are tested in TypeScript.
 */
export interface KpiView {
  readonly label: string;
  readonly value: string;
  readonly change: ChangeView | null;
  /** A second line under the value, e.g. `was $12,000`. */
  readonly hint: string;
}

export interface ChangeView {
  readonly text: string;
  readonly arrow: string;
  readonly colour: string;
  readonly background: string;
}

export interface TableView {
  readonly title: string;
  readonly columns: readonly { readonly label: string; readonly align: 'left' | 'right' }[];
  readonly rows: readonly (readonly {
    readonly text: string;
    readonly align: 'left' | 'right';
  }[])[];
  /** Plain-text lines of the table for the text part. */
  readonly lines: readonly string[];
}

export interface ChartView {
  readonly cid: string;
  readonly alt: string;
  readonly caption: string;
  readonly colour: string;
  /** false for a single series (no dashed "week before" line in the legend). */
  readonly compared: boolean;
}

export interface SectionView {
  readonly key: string;
  readonly title: string;
  readonly colour: string;
  readonly available: boolean;
  readonly unavailableText: string;
  readonly kpiRows: readonly (readonly KpiView[])[];
  readonly chart: ChartView | null;
  readonly tables: readonly TableView[];
  readonly notes: readonly string[];
}

export interface WeeklyView {
  readonly subject: string;
  readonly preheader: string;
  readonly orgName: string;
  readonly week: string;
  readonly previousWeek: string;
  readonly range: string;
  readonly timeZone: string;
  readonly sections: readonly SectionView[];
}

const TONE_COLOURS: Record<Tone, { colour: string; background: string }> = {
  good: { colour: '#047857', background: '#ecfdf5' },
  bad: { colour: '#b91c1c', background: '#fef2f2' },
  flat: { colour: '#4b5563', background: '#f3f4f6' },
};

export function changeView(change: FormattedChange): ChangeView | null {
  if (change.text === '') return null;
  return { text: change.text, arrow: change.arrow, ...TONE_COLOURS[change.tone] };
}

/** KPIs three to a row: the widest a 600px e-mail holds legibly. */
export function kpiRows(kpis: readonly KpiView[], perRow = 3): KpiView[][] {
  const rows: KpiView[][] = [];
  for (let index = 0; index < kpis.length; index += perRow) {
    rows.push(kpis.slice(index, index + perRow));
  }
  return rows;
}

/** A table and its plain-text rendering from the same cells. */
export function table(
  title: string,
  columns: readonly { label: string; align?: 'left' | 'right' }[],
  rows: readonly (readonly string[])[],
): TableView {
  const aligned = columns.map((column) => ({ label: column.label, align: column.align ?? 'left' }));
  return {
    title,
    columns: aligned,
    rows: rows.map((row) =>
      row.map((text, index) => ({ text, align: aligned[index]?.align ?? 'left' })),
    ),
    lines: rows.map((row, index) => `  ${index + 1}. ${row.join(' | ')}`),
  };
}
