import { describe, expect, it } from 'vitest';
import { parseTrendParams, trendHref } from './trend-url.ts';

describe('trend page URL', () => {
  it('reads an empty query as the region, everyone, one item', () => {
    expect(parseTrendParams('')).toEqual({ scope: 'region', group: null, view: 'item', item: null, theme: null });
  });

  it('gives back the same view it read', () => {
    const item = '/reports/trends/basic?scope=municipality:111&group=grades_7_9&view=item&item=safety_feels_safe';
    expect(trendHref('basic', parseTrendParams(item.slice(item.indexOf('?'))))).toBe(item);
    const theme = '/reports/trends/ecec?scope=unit:8&view=theme&theme=safety';
    expect(trendHref('ecec', parseTrendParams(theme.slice(theme.indexOf('?'))))).toBe(theme);
  });

  it('writes only the key of the chosen view', () => {
    const p = { scope: 'region', group: null, item: 'safety_feels_safe', theme: 'safety' };
    expect(trendHref('basic', { ...p, view: 'theme' })).toBe(
      '/reports/trends/basic?scope=region&view=theme&theme=safety',
    );
    expect(trendHref('basic', { ...p, view: 'item' })).toBe(
      '/reports/trends/basic?scope=region&view=item&item=safety_feels_safe',
    );
  });

  it('ignores malformed values', () => {
    expect(parseTrendParams('?scope=municipality:12&group=Bad!&view=chart&item=x%20y&theme=')).toEqual({
      scope: 'region',
      group: null,
      view: 'item',
      item: null,
      theme: null,
    });
  });
});
