import { describe, expect, it } from 'vitest';
import { compareApiSearch, compareSearch, parseCompareSearch, sortScope } from './compare-url.ts';

describe('compare page URL', () => {
  it('reads an empty query as municipalities, means, theme order', () => {
    expect(parseCompareSearch('')).toEqual({
      level: 'municipalities',
      municipality: null,
      group: null,
      kind: null,
      provider: null,
      language: null,
      measure: 'mean',
      sort: null,
      source: null,
      version: null,
    });
  });

  it('keeps the unit kind, provider and answer language, also with a group, and drops unknown ones', () => {
    const search = '?level=units&municipality=398&kind=school&provider=private';
    expect(compareSearch(parseCompareSearch(search))).toBe(search);
    expect(parseCompareSearch('?kind=nursery&provider=state&language=xx')).toMatchObject({
      kind: null,
      provider: null,
      language: null,
    });
    expect(compareApiSearch(parseCompareSearch('?group=age_3_5&kind=ecec&language=sv'))).toBe(
      '?group=age_3_5&kind=ecec&language=sv',
    );
    // Units are not split by answer language.
    expect(parseCompareSearch('?level=units&municipality=398&language=sv')).toMatchObject({ language: null });
  });

  it('gives back the same query it read', () => {
    const search = '?level=units&municipality=398&measure=agree&sort=unit:60:desc&source=live';
    expect(compareSearch(parseCompareSearch(search))).toBe(search);
    const grouped = '?group=age_3_5&sort=municipality:398:asc&version=2';
    expect(compareSearch(parseCompareSearch(grouped))).toBe(grouped);
  });

  it('ignores malformed values', () => {
    const s = parseCompareSearch('?level=x&municipality=12&group=Bad!&measure=median&sort=lahti&version=-1');
    expect(s).toMatchObject({ level: 'municipalities', municipality: null, group: null, measure: 'mean', sort: null });
    expect(s.version).toBeNull();
  });

  it('asks the API for units without a group, and without the page-only measure and order', () => {
    const s = parseCompareSearch('?level=units&municipality=111&group=age_3_5&measure=agree&sort=region:asc');
    expect(compareApiSearch(s)).toBe('?level=units&municipality=111');
  });

  it('sorts by a column whatever the group', () => {
    expect(sortScope('municipality:398/group:age_3_5')).toBe('municipality:398');
    expect(sortScope('group:age_3_5')).toBe('region');
    expect(sortScope('unit:60')).toBe('unit:60');
    expect(sortScope('municipality:398/kind:ecec/provider:private')).toBe('municipality:398');
    expect(sortScope('region/group:age_3_5/kind:ecec/language:sv')).toBe('region');
    expect(sortScope('region/provider:private')).toBe('region');
  });
});
