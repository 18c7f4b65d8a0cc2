import { interpolateViridis, rgb } from 'd3';

/**
 * Colour lookup for probabilities. Viridis is perceptually uniform and colour-blind safe;
 * a gamma < 1 lifts small probabilities so a sink does not wash out the rest of the map.
 */
export type RGB = readonly [number, number, number];

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
  /** Value mapped to the top colour (the map's maximum, or 1). */
  readonly max: number;
  /** Exponent applied to value/max; 1 is linear. */
  readonly gamma: number;
}

/** Index into the LUT for a value under a scale. */
export function lutIndex(v: number, scale: ColourScale): number {
  const t = scale.max > 0 ? Math.min(1, Math.max(0, v / scale.max)) : 0;
  return Math.round(Math.pow(t, scale.gamma) * (LUT_SIZE - 1));
}

export function colourOf(v: number, scale: ColourScale): RGB {
  const x = 3 * lutIndex(v, scale);
  return [LUT[x] as number, LUT[x + 1] as number, LUT[x + 2] as number];
}

/** CSS colour string for a value (legends, swatches). */
export function cssColourOf(v: number, scale: ColourScale): string {
  const [r, g, b] = colourOf(v, scale);
  return `rgb(${r},${g},${b})`;
}

/**
 * Paints a rows×cols map into ImageData (one pixel per cell). Cells above the diagonal of a
 * causal map are never attended; they get `masked` so they read as "not part of the map".
 */
export function paintMap(
  data: Float32Array,
  rows: number,
  cols: number,
  scale: ColourScale,
  masked: RGB = [236, 236, 240],
): ImageData {
  const img = new ImageData(cols, rows);
  const px = img.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = 4 * (r * cols + c);
      if (c > r) {
        px[o] = masked[0];
        px[o + 1] = masked[1];
        px[o + 2] = masked[2];
      } else {
        const x = 3 * lutIndex(data[r * cols + c] as number, scale);
        px[o] = LUT[x] as number;
        px[o + 1] = LUT[x + 1] as number;
        px[o + 2] = LUT[x + 2] as number;
      }
      px[o + 3] = 255;
    }
  }
  return img;
}

export function maxOf(data: Float32Array): number {
  let m = 0;
  for (let x = 0; x < data.length; x++) m = Math.max(m, data[x] as number);
  return m;
}
