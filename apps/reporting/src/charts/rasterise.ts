import { Resvg } from '@resvg/resvg-js';

/** Pixels per SVG unit: sharp on high-density screens, still a few kilobytes per chart. */
const SCALE = 2;

/** SVG to PNG. Charts carry no text, so no font is loaded (none may exist in the container). */
export function svgToPng(svgText: string): Buffer {
  const resvg = new Resvg(svgText, {
    fitTo: { mode: 'zoom', value: SCALE },
    font: { loadSystemFonts: false },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
