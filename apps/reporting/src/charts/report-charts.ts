import type { DailyComparison, WeeklyReportModel } from '../weekly/report-model';
import { trendBarsSvg } from './bar-chart';
import { comparisonChartSvg } from './line-chart';
import { svgToPng } from './rasterise';

/** Each section's colour, in its chart and its heading rule. */
export const SECTION_COLOURS = {
  revenue: '#2563eb',
  usage: '#7c3aed',
  traffic: '#dc2626',
  reliability: '#d97706',
  roadmap: '#059669',
} as const;

export type ChartSection = keyof typeof SECTION_COLOURS;

/** One chart of the report: its SVG and how the e-mail refers to and describes it. */
export interface ChartSpec {
  readonly section: ChartSection;
  readonly cid: string;
  readonly filename: string;
  readonly svg: string;
  readonly alt: string;
  readonly caption: string;
  readonly compared: boolean;
}

/** A chart as an e-mail attachment, shown inline through `cid:`. */
export interface ChartImage {
  readonly cid: string;
  readonly filename: string;
  readonly content: Buffer;
}

export function chartCid(section: ChartSection): string {
  return `${section}-chart@vantage.report`;
}

/** The charts of the sections that have data to draw. */
export function reportChartSpecs(model: WeeklyReportModel): ChartSpec[] {
  const specs: ChartSpec[] = [];
  const add = (
    section: ChartSection,
    svg: string,
    alt: string,
    caption: string,
    compared: boolean,
  ): void => {
    specs.push({
      section,
      cid: chartCid(section),
      filename: `${section}.png`,
      svg,
      alt,
      caption,
      compared,
    });
  };

  if (model.revenue?.available && model.revenue.data.weeklyMrr.length > 1) {
    const weeks = model.revenue.data.weeklyMrr;
    add(
      'revenue',
      comparisonChartSvg({
        current: weeks.map((week) => week.mrr),
        previous: [],
        colour: SECTION_COLOURS.revenue,
      }),
      `MRR over the last ${weeks.length} weeks`,
      `MRR at the end of each of the last ${weeks.length} weeks`,
      false,
    );
  }
  if (model.usage.available) {
    add(
      'usage',
      daily(model.usage.data.dailyActiveUsers, SECTION_COLOURS.usage),
      'Daily active users this week and the week before',
      'Daily active users, Monday to Sunday',
      true,
    );
  }
  if (model.traffic.available && model.traffic.data.alerts.available) {
    add(
      'traffic',
      daily(model.traffic.data.alerts.data.dailyRaised, SECTION_COLOURS.traffic),
      'Alerts raised per day this week and the week before',
      'Alerts raised per day, Monday to Sunday',
      true,
    );
  }
  if (model.reliability.available) {
    add(
      'reliability',
      daily(model.reliability.data.dailyErrorRate, SECTION_COLOURS.reliability),
      'Error rate per day this week and the week before',
      'Error rate per day, Monday to Sunday',
      true,
    );
  }
  if (model.roadmap.available && model.roadmap.data.velocity.length > 0) {
    const weeks = model.roadmap.data.velocity;
    add(
      'roadmap',
      trendBarsSvg(
        weeks.map((week) => week.completed),
        SECTION_COLOURS.roadmap,
      ),
      `Roadmap items completed per week over the last ${weeks.length} weeks`,
      `Items completed per week, last ${weeks.length} weeks (this week highlighted)`,
      false,
    );
  }
  return specs;
}

/** The PNGs of the report's charts, rasterised once per run and attached to every e-mail. */
export function renderReportCharts(specs: readonly ChartSpec[]): ChartImage[] {
  return specs.map((spec) => ({
    cid: spec.cid,
    filename: spec.filename,
    content: svgToPng(spec.svg),
  }));
}

function daily(series: DailyComparison, colour: string): string {
  return comparisonChartSvg({ current: series.current, previous: series.previous, colour });
}
