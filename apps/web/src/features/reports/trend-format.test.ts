import { createTranslator } from '@gs/messages';
import { trends } from '@gs/messages/trends';
import { describe, expect, it } from 'vitest';
import { changeText } from './trend-format.ts';

const { t } = createTranslator(trends, 'en');

describe('trend texts', () => {
  it('a clear change reads as an arrow, a direction and its size', () => {
    const c = changeText({ diff: -0.21, lo: -0.3, hi: -0.12, p: 0.003, significant: true, direction: 'down' }, t, 'en');
    expect(c).toEqual({ clear: true, text: '▼ down 0.21', detail: 'p\u00a0=\u00a00.003' });
  });

  it('a change within chance reads as no clear change, with the interval of the difference', () => {
    const c = changeText({ diff: 0.05, lo: -0.02, hi: 0.12, p: 0.16, significant: false, direction: 'none' }, t, 'en');
    expect(c).toEqual({ clear: false, text: 'no clear change', detail: '+0.05, 95 %: −0.02 … +0.12' });
  });
});
