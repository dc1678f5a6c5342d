import { chartRange, round, yOf } from './chart-scale';

/** This period against the one before, point by point (e.g. Monday against Monday). */
export interface ComparisonSeries {
  readonly current: readonly (number | null)[];
  readonly previous: readonly (number | null)[];
  /** The current series' colour, `#rrggbb`. */
  readonly colour: string;
}

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 120;
const PAD_X = 8;
const PAD_Y = 10;

/**
 * A small two-line chart as SVG: the current period solid over a light area, the previous
 * dashed and grey. No text at all: labels are in the e-mail's HTML, so the PNG needs no fonts
 * (a container image has none) and reads the same in every client.
 */
export function comparisonChartSvg(series: ComparisonSeries): string {
  const range = chartRange([...series.current, ...series.previous]);
  const points = Math.max(series.current.length, series.previous.length, 2);
  const plotWidth = CHART_WIDTH - PAD_X * 2;
  const plotHeight = CHART_HEIGHT - PAD_Y * 2;
  const xOf = (index: number): number => round(PAD_X + (plotWidth * index) / (points - 1));
  const coordinates = (values: readonly (number | null)[]): ([number, number] | null)[] =>
    values.map((value, index) =>
      value === null || !Number.isFinite(value)
        ? null
        : [xOf(index), yOf(value, range, PAD_Y, plotHeight)],
    );

  const current = coordinates(series.current);
  const previous = coordinates(series.previous);
  const last = [...current].reverse().find((point) => point !== null);
  const baseline = yOf(Math.max(range.low, Math.min(0, range.high)), range, PAD_Y, plotHeight);

  return svg(CHART_WIDTH, CHART_HEIGHT, [
    gridLines(plotHeight),
    ...segments(current).map(
      (segment) =>
        `<path d="${areaPath(segment, baseline)}" fill="${series.colour}" fill-opacity="0.12"/>`,
    ),
    ...segments(previous).map(
      (segment) =>
        `<path d="${linePath(segment)}" fill="none" stroke="#9ca3af" stroke-width="2" stroke-dasharray="6 5" stroke-linejoin="round" stroke-linecap="round"/>`,
    ),
    ...segments(current).map(
      (segment) =>
        `<path d="${linePath(segment)}" fill="none" stroke="${series.colour}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>`,
    ),
    last ? `<circle cx="${last[0]}" cy="${last[1]}" r="4.5" fill="${series.colour}"/>` : '',
  ]);
}

export function svg(width: number, height: number, body: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    body.join('') +
    '</svg>'
  );
}

function gridLines(plotHeight: number): string {
  return [0, 1, 2, 3]
    .map((step) => {
      const y = round(PAD_Y + (plotHeight * step) / 3);
      return `<line x1="${PAD_X}" y1="${y}" x2="${CHART_WIDTH - PAD_X}" y2="${y}" stroke="#eef0f3" stroke-width="1"/>`;
    })
    .join('');
}

/** Runs of consecutive known points: a missing value breaks the line. */
function segments(points: readonly ([number, number] | null)[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (const point of points) {
    if (point) {
      run.push(point);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function linePath(points: readonly [number, number][]): string {
  if (points.length === 1) {
    const [x, y] = points[0] as [number, number];
    return `M${x - 2} ${y}L${x + 2} ${y}`;
  }
  return points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x} ${y}`).join('');
}

function areaPath(points: readonly [number, number][], baseline: number): string {
  const first = points[0] as [number, number];
  const last = points[points.length - 1] as [number, number];
  return `${linePath(points)}L${last[0]} ${baseline}L${first[0]} ${baseline}Z`;
}
