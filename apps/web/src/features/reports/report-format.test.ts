import { describe, expect, it } from 'vitest';
import { formatInterval, formatP } from './report-format.ts';

describe('report formats', () => {
  it('quotes p with three decimals, and tiny ones as below 0.001', () => {
    expect(formatP(0.0031, 'en')).toBe('p\u00a0=\u00a00.003');
    expect(formatP(0.2, 'fi')).toBe('p\u00a0=\u00a00,200');
    expect(formatP(0, 'sv')).toBe('p\u00a0<\u00a00,001');
  });

  it('quotes p with plain spaces where a sentence may wrap', () => {
    expect(formatP(0.0031, 'fi', ' ')).toBe('p = 0,003');
    expect(formatP(0.0004, 'en', ' ')).toBe('p < 0.001');
  });

  it('writes an interval with a true minus sign in every language', () => {
    expect(formatInterval({ lo: 4.123, hi: 4.197 }, 'fi')).toBe('4,12–4,20');
    expect(formatInterval({ lo: -0.3, hi: 0.12 }, 'en')).toBe('−0.30–0.12');
    expect(formatInterval({ lo: -0.3, hi: 0.12 }, 'fi')).toBe('−0,30–0,12');
  });
});
