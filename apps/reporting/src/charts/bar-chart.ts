import { chartRange, round, yOf } from './chart-scale';
import { CHART_HEIGHT, CHART_WIDTH, svg } from './line-chart';

const PAD_X = 8;
const PAD_Y = 10;

/**
 * Bars oldest first, the last (the reported period) in `colour`, the others light: a trend of
 * a count such as roadmap items done per week. Text-free for the same reason as the line chart.
 */
export function trendBarsSvg(values: readonly number[], colour: string): string {
  const count = Math.max(values.length, 1);
  const range = chartRange([0, ...values]);
  const plotHeight = CHART_HEIGHT - PAD_Y * 2;
  const slot = (CHART_WIDTH - PAD_X * 2) / count;
  const barWidth = round(slot * 0.62);
  const bottom = PAD_Y + plotHeight;
  const bars = values.map((value, index) => {
    const top = Math.min(yOf(value, range, PAD_Y, plotHeight), bottom - (value > 0 ? 3 : 1));
    const x = round(PAD_X + slot * index + (slot - barWidth) / 2);
    const fill = index === values.length - 1 ? colour : '#cbd5e1';
    return `<rect x="${x}" y="${top}" width="${barWidth}" height="${round(bottom - top)}" rx="3" fill="${fill}"/>`;
  });
  return svg(CHART_WIDTH, CHART_HEIGHT, [
    `<line x1="${PAD_X}" y1="${bottom}" x2="${CHART_WIDTH - PAD_X}" y2="${bottom}" stroke="#e5e7eb" stroke-width="1"/>`,
    ...bars,
  ]);
}
