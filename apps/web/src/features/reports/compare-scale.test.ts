import { describe, expect, it } from 'vitest';
import { DIVERGING, colourOf, contrast, stepOf, textOn } from './compare-scale.ts';

describe('compare colour scale', () => {
  it('puts a difference smaller than one step on the neutral centre', () => {
    expect(stepOf(0.09, 'mean')).toBe(0);
    expect(stepOf(-0.09, 'mean')).toBe(0);
    expect(stepOf(0.024, 'agree')).toBe(0);
  });

  it('counts whole steps on either side, the last one open-ended', () => {
    expect(stepOf(0.1, 'mean')).toBe(1);
    expect(stepOf(-0.2, 'mean')).toBe(-2);
    expect(stepOf(0.3, 'mean')).toBe(3);
    expect(stepOf(-1.4, 'mean')).toBe(-3);
    expect(stepOf(0.05, 'agree')).toBe(2);
    expect(stepOf(-0.075, 'agree')).toBe(-3);
  });

  it('colours below the reference orange and above it purple', () => {
    expect(colourOf(-3)).toBe('#b35806');
    expect(colourOf(0)).toBe('#f7f7f7');
    expect(colourOf(3)).toBe('#542788');
    expect(colourOf(9)).toBe('#542788');
  });

  it('picks a text colour with at least 4.5:1 contrast on every step', () => {
    for (const bg of DIVERGING) expect(contrast(textOn(bg), bg)).toBeGreaterThanOrEqual(4.5);
    expect(textOn('#542788')).toBe('#ffffff');
    expect(textOn('#f7f7f7')).toBe('#1b1f24');
  });

  it('measures contrast the WCAG way', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBe(1);
  });
});
