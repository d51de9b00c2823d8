/** What the side-by-side cells show: the mean, or the share agreeing (4-5). */
export type Measure = 'mean' | 'agree';

/**
 * ColorBrewer PuOr, 7 classes: orange below the reference, purple above, near-white around it.
 * Safe for the common colour vision deficiencies, and the same hues as the answer-scale charts.
 */
export const DIVERGING = ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'] as const;

/** One colour step: a tenth of a scale point for means, 2.5 percentage points for shares. */
export const STEP: Record<Measure, number> = { mean: 0.1, agree: 0.025 };

/** Steps on each side of the centre. */
export const STEPS = 3;

/**
 * The step (−3…3) of a value against its reference: 0 within one step width either side,
 * then one more for each further step width, the last open-ended.
 */
export function stepOf(diff: number, measure: Measure): number {
  // The small epsilon keeps 0.2 / 0.1 = 1.9999… from landing a step short.
  const k = Math.min(STEPS, Math.floor(Math.abs(diff) / STEP[measure] + 1e-9));
  return diff < 0 && k > 0 ? -k : k;
}

/** The background colour of a step. */
export function colourOf(step: number): string {
  return DIVERGING[Math.max(-STEPS, Math.min(STEPS, step)) + STEPS] ?? DIVERGING[STEPS];
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1…21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK = '#1b1f24';
export const PAPER = '#ffffff';

/** The text colour (the page's ink or white) that contrasts most with a background. */
export function textOn(background: string): string {
  return contrast(INK, background) >= contrast(PAPER, background) ? INK : PAPER;
}
