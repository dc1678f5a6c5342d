import { trendBarsSvg } from './bar-chart';
import { chartRange } from './chart-scale';
import { CHART_HEIGHT, CHART_WIDTH, comparisonChartSvg } from './line-chart';
import { svgToPng } from './rasterise';

describe('charts', () => {
  it('draws from zero for counts and rates, around the values for a large steady figure', () => {
    expect(chartRange([0, 4, 10])).toEqual({ low: 0, high: 11 });
    expect(chartRange([])).toEqual({ low: 0, high: 1 });
    const mrr = chartRange([1_080_000, 1_240_000]);
    expect(mrr.low).toBeGreaterThan(1_000_000);
    expect(mrr.high).toBeGreaterThan(1_240_000);
  });

  it('draws this week solid over last week dashed, breaking lines at missing days, without text', () => {
    const svg = comparisonChartSvg({
      current: [1, 2, null, 4, 5, 6, 7],
      previous: [2, 2, 2, 2, 2, 2, 2],
      colour: '#7c3aed',
    });

    expect(svg).not.toMatch(/<text/);
    expect(svg.match(/stroke="#7c3aed"/g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain('<circle');
  });

  it('highlights the last bar of a trend', () => {
    const svg = trendBarsSvg([1, 2, 3], '#059669');

    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg.match(/fill="#059669"/g)).toHaveLength(1);
  });

  it('rasterises to a PNG twice the SVG’s size', () => {
    const png = svgToPng(trendBarsSvg([1, 2, 3], '#059669'));

    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH * 2);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT * 2);
  });
});
