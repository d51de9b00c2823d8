import { describe, expect, it } from 'vitest';
import { REDACTED, applyRedactions, mergeRanges, suggestRedactions } from './redaction.ts';

const kinds = (text: string) => suggestRedactions(text).map((s) => [s.kind, s.text]);

describe('suggested redactions', () => {
  it('finds a capitalised name pair', () => {
    expect(kinds('Opettajamme Maija Meikäläinen on aivan ihana.')).toContainEqual(['name', 'Maija Meikäläinen']);
  });

  it('finds a single capitalised word inside a sentence but not the first word', () => {
    expect(kinds('Lapsi tykkää kovasti kun Liisa lukee satuja.')).toEqual([['name', 'Liisa']]);
  });

  it('finds Finnish and international phone numbers', () => {
    expect(kinds('soita 040 123 4567 tai 040-1234567')).toEqual([
      ['phone', '040 123 4567'],
      ['phone', '040-1234567'],
    ]);
    expect(kinds('numero +358 40 123 4567 toimii')).toEqual([['phone', '+358 40 123 4567']]);
  });

  it('leaves years, dates and small numbers alone', () => {
    expect(kinds('vuonna 2025 ryhmässä oli 21 lasta, 3.5.2025 juhla')).toEqual([]);
  });

  it('finds e-mail addresses', () => {
    expect(kinds('kirjoita osoitteeseen maija.m@example.fi kiitos')).toEqual([['email', 'maija.m@example.fi']]);
  });

  it('finds street addresses and postal codes in Finnish and Swedish', () => {
    expect(kinds('asumme osoitteessa Kirkkokatu 12 B 5 ja')).toEqual([['address', 'Kirkkokatu 12 B 5']]);
    expect(kinds('vi bor på Storgatan 4')).toEqual([['address', 'Storgatan 4']]);
    expect(kinds('postiosoite 15100 Lahti')).toEqual([['address', '15100 Lahti']]);
  });

  it('gives sorted ranges that never overlap and point at the text', () => {
    const text = 'Terveisin Matti Virtanen, matti@example.fi, 044 555 6677, Rantatie 3';
    const s = suggestRedactions(text);
    for (const [i, r] of s.entries()) {
      expect(text.slice(r.start, r.end)).toBe(r.text);
      if (i > 0) expect(r.start).toBeGreaterThanOrEqual(s[i - 1]!.end);
    }
    expect(s.map((r) => r.kind)).toEqual(['name', 'email', 'phone', 'address']);
  });

  it('suggests nothing for an ordinary answer', () => {
    expect(suggestRedactions('hyvä päiväkoti, kiitos kaikesta.')).toEqual([]);
  });
});

describe('applying redactions', () => {
  it('replaces each range with the marker and keeps the rest', () => {
    expect(
      applyRedactions('Kiitos Maija ja Pekka!', [
        { start: 7, end: 12 },
        { start: 16, end: 21 },
      ]),
    ).toBe(`Kiitos ${REDACTED} ja ${REDACTED}!`);
  });

  it('merges overlapping ranges', () => {
    expect(
      mergeRanges([
        { start: 5, end: 9 },
        { start: 0, end: 3 },
        { start: 2, end: 4 },
      ]),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ]);
    expect(
      applyRedactions('abcdefgh', [
        { start: 1, end: 4 },
        { start: 3, end: 6 },
      ]),
    ).toBe(`a${REDACTED}gh`);
  });

  it('rejects a range outside the text', () => {
    expect(() => applyRedactions('short', [{ start: 2, end: 9 }])).toThrow(RangeError);
  });

  it('leaves the text as it is without ranges', () => {
    expect(applyRedactions('ei mitään', [])).toBe('ei mitään');
  });
});
