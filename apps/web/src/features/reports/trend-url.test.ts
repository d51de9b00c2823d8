import { describe, expect, it } from 'vitest';
import { parseTrendParams, trendHref } from './trend-url.ts';

const DEFAULT = {
  scope: 'region',
  group: null,
  kind: null,
  provider: null,
  language: null,
  view: 'item',
  item: null,
  theme: null,
};

describe('trend page URL', () => {
  it('reads an empty query as the region, everyone, one item', () => {
    expect(parseTrendParams('')).toEqual(DEFAULT);
  });

  it('keeps a unit kind, provider and answer language for the region and municipalities (also with a group), never for a unit', () => {
    const href = '/reports/trends/basic?scope=municipality:398&kind=school&provider=private&view=item';
    expect(trendHref('basic', parseTrendParams(href.slice(href.indexOf('?'))))).toBe(href);
    const all = '/reports/trends/basic?scope=region&group=grades_3_6&kind=school&language=sv&view=item';
    expect(trendHref('basic', parseTrendParams(all.slice(all.indexOf('?'))))).toBe(all);
    expect(parseTrendParams('?scope=unit:8&kind=school&language=sv')).toMatchObject({ kind: null, language: null });
    expect(parseTrendParams('?group=pre_primary&kind=pre_primary')).toMatchObject({
      group: 'pre_primary',
      kind: 'pre_primary',
    });
    expect(parseTrendParams('?language=klingon')).toMatchObject({ language: null });
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
    expect(parseTrendParams('?scope=municipality:12&group=Bad!&view=chart&item=x%20y&theme=')).toEqual(DEFAULT);
  });
});
