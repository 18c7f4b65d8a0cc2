import { interpolatePuOr, interpolateViridis, rgb, scaleLinear, scaleLog, scalePow } from 'd3';
import type { ScaleKind } from '../schema/analysis';

/**
 * Colour for probabilities. Viridis is perceptually uniform and colour-blind safe. Three scales:
 * linear; log (the top LOG_DECADES decades below the max, so tiny weights stay visible); gamma
 * (value^γ, γ < 1 lifts small probabilities so a sink does not wash out the rest of the map).
 */
export type RGB = readonly [number, number, number];

/** Decades shown by the log scale; anything smaller gets the bottom colour. */
export const LOG_DECADES = 4;
const LUT_SIZE = 256;

const LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let x = 0; x < LUT_SIZE; x++) {
    const c = rgb(interpolateViridis(x / (LUT_SIZE - 1)));
    lut[3 * x] = c.r;
    lut[3 * x + 1] = c.g;
    lut[3 * x + 2] = c.b;
  }
  return lut;
})();

export interface ColourScale {
  readonly kind: ScaleKind;
  /** Value mapped to the top colour (the map's maximum). */
  readonly max: number;
  /** Exponent of the gamma scale. */
  readonly gamma: number;
}

/** value → position in [0, 1], clamped; the same function drives the pixels and the legend axis. */
export function valueScale(s: ColourScale) {
  const max = Math.max(s.max, 1e-30);
  if (s.kind === 'log') return scaleLog().domain([max / 10 ** LOG_DECADES, max]).range([0, 1]).clamp(true);
  if (s.kind === 'gamma') return scalePow().exponent(s.gamma).domain([0, max]).range([0, 1]).clamp(true);
  return scaleLinear().domain([0, max]).range([0, 1]).clamp(true);
}

/** Index into the LUT for a value under a scale. */
export function lutIndex(v: number, scale: ColourScale): number {
  const t = valueScale(scale)(Math.max(v, 0));
  return Math.round((Number.isFinite(t) ? t : 0) * (LUT_SIZE - 1));
}

export function colourOf(v: number, scale: ColourScale): RGB {
  const x = 3 * lutIndex(v, scale);
  return [LUT[x] as number, LUT[x + 1] as number, LUT[x + 2] as number];
}

/** CSS colour string for a position t ∈ [0, 1] along the colour map (legends). */
export function cssColourAt(t: number): string {
  const x = 3 * Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
  return `rgb(${LUT[x]},${LUT[x + 1]},${LUT[x + 2]})`;
}

type IsMasked = (r: number, c: number) => boolean;
const causal: IsMasked = (r, c) => c > r;
const MASKED: RGB = [236, 236, 240];

/**
 * Paints rows×cols cells into ImageData (one pixel per cell): `position(x)` ∈ [0, 1] of each
 * value picks a colour of `lut`; masked cells (keys after every query of the tile, never
 * attended) get a flat grey so they read as "not part of the map".
 */
function paintCells(data: Float32Array, rows: number, cols: number, lut: Uint8ClampedArray, position: (x: number) => number, isMasked: IsMasked): ImageData {
  const img = new ImageData(cols, rows);
  const px = img.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = 4 * (r * cols + c);
      if (isMasked(r, c)) {
        px.set(MASKED, o);
      } else {
        const t = position(data[r * cols + c] as number);
        const x = 3 * Math.round((Number.isFinite(t) ? t : 0) * (LUT_SIZE - 1));
        px.set(lut.subarray(x, x + 3), o);
      }
      px[o + 3] = 255;
    }
  }
  return img;
}

/** Paints probabilities under a colour scale (viridis). */
export function paintMap(data: Float32Array, rows: number, cols: number, scale: ColourScale, isMasked: IsMasked = causal): ImageData {
  const f = valueScale(scale);
  return paintCells(data, rows, cols, LUT, (x) => f(Math.max(0, x)), isMasked);
}

export function maxOf(data: ArrayLike<number>): number {
  let m = 0;
  for (let x = 0; x < data.length; x++) m = Math.max(m, data[x] as number);
  return m;
}

/**
 * Diverging colours for differences (A′ − A): purple below 0, white at 0, orange above;
 * colour-blind safe. (d3's interpolatePuOr runs from purple at 0 to orange at 1.)
 */
const DIV_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let x = 0; x < LUT_SIZE; x++) {
    const c = rgb(interpolatePuOr(x / (LUT_SIZE - 1)));
    lut[3 * x] = c.r;
    lut[3 * x + 1] = c.g;
    lut[3 * x + 2] = c.b;
  }
  return lut;
})();

/** CSS colour at t ∈ [0, 1] of the diverging map (0 = most negative, 0.5 = zero). */
export function cssDivergingAt(t: number): string {
  const x = 3 * Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
  return `rgb(${DIV_LUT[x]},${DIV_LUT[x + 1]},${DIV_LUT[x + 2]})`;
}

/** Paints a signed rows×cols map with the diverging colours, symmetric around 0 up to ±`limit`. */
export function paintDiff(data: Float32Array, rows: number, cols: number, limit: number, isMasked: IsMasked = causal): ImageData {
  const lim = Math.max(limit, 1e-30);
  return paintCells(data, rows, cols, DIV_LUT, (x) => 0.5 + 0.5 * Math.max(-1, Math.min(1, x / lim)), isMasked);
}
