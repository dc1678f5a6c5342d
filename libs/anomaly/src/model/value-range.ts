// "Beyond everything seen lately", read as a record: if the maximum of the recent window has
// held for n points, a new one has a chance of about 1 / (n + 1) under an unchanged series; how
// far it goes beyond adds to the surprise. So a value just past a maximum that is being pushed up
// step by step (a ramp) is no news, while one far past a long-standing limit is. The window
// (about 4000 points, as the calibration's memory) is kept as the extremes of a few blocks, so
// its memory is bounded and an old extreme stops masking new ones once it has aged out.

/** Beyond the range by less than this share of it is no record (as HTM's NAB detector). */
const TOLERANCE = 0.05;
/** Decades of surprise per range width the value goes beyond it. */
const DECADES_PER_SPAN = 10;
const BLOCK_POINTS = 512;
const BLOCKS = 8;
const WINDOW_POINTS = BLOCK_POINTS * BLOCKS;

export interface RangeState {
  /** Extremes of the window: the blocks below. */
  min: number | null;
  max: number | null;
  /** Points since the window's minimum, and maximum, last moved out (capped at the window). */
  sinceMin: number;
  sinceMax: number;
  /** Extremes of the last BLOCKS blocks of BLOCK_POINTS points, the newest (filling) last. */
  blockMins: number[];
  blockMaxs: number[];
  /** Points already in the newest block. */
  inBlock: number;
}

export function newRange(): RangeState {
  return {
    min: null,
    max: null,
    sinceMin: 0,
    sinceMax: 0,
    blockMins: [],
    blockMaxs: [],
    inBlock: 0,
  };
}

export function rangeSurprise(range: RangeState, value: number): number {
  const { min, max } = range;
  if (min === null || max === null || !(max > min)) return 0;
  const span = max - min;
  const above = value - max - TOLERANCE * span;
  const below = min - TOLERANCE * span - value;
  if (above > 0) return Math.log10(range.sinceMax + 1) + (DECADES_PER_SPAN * above) / span;
  if (below > 0) return Math.log10(range.sinceMin + 1) + (DECADES_PER_SPAN * below) / span;
  return 0;
}

export function recordRange(range: RangeState, value: number): void {
  if (range.inBlock === 0) {
    range.blockMins.push(value);
    range.blockMaxs.push(value);
    if (range.blockMins.length > BLOCKS) {
      range.blockMins.shift();
      range.blockMaxs.shift();
    }
  }
  const newest = range.blockMins.length - 1;
  range.blockMins[newest] = Math.min(range.blockMins[newest] as number, value);
  range.blockMaxs[newest] = Math.max(range.blockMaxs[newest] as number, value);
  range.inBlock = (range.inBlock + 1) % BLOCK_POINTS;

  const min = Math.min(...range.blockMins);
  const max = Math.max(...range.blockMaxs);
  range.sinceMin =
    range.min === null || min < range.min ? 0 : Math.min(range.sinceMin + 1, WINDOW_POINTS);
  range.sinceMax =
    range.max === null || max > range.max ? 0 : Math.min(range.sinceMax + 1, WINDOW_POINTS);
  range.min = min;
  range.max = max;
}
