/** What a suggested redaction probably is. */
export type RedactionKind = 'name' | 'phone' | 'email' | 'address';

export interface RedactionSuggestion {
  start: number;
  end: number;
  kind: RedactionKind;
  text: string;
}

/** What replaces a redacted part of an open answer. */
export const REDACTED = '[…]';

const UPPER = 'A-ZÅÄÖÜÉÈÁÀÓÕŠŽÆØ';
const LOWER = 'a-zåäöüéèáàóõšžæøß';
const WORD = `[${UPPER}][${LOWER}]+(?:-[${UPPER}]?[${LOWER}]+)?`;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Finnish and international numbers: 040 123 4567, 040-1234567, (03) 814 2000, +358 40 123 4567.
const PHONE =
  /(?<![\p{L}\p{N}])(?:\+\d{1,3}[\s-]?)?(?:\(?0?\d{1,4}\)?[\s-]?)?\d{2,4}(?:[\s-]?\d{2,4}){1,3}(?![\p{L}\p{N}])/gu;
const STREET_SUFFIX =
  '(?:katu|tie|kuja|polku|raitti|väylä|kaari|rinne|ranta|puistikko|tori|aukio|gatan|vägen|gränd|stigen|torget|street|road|avenue|lane)';
const ADDRESS = new RegExp(
  `(?<![\\p{L}])[${UPPER}${LOWER}][${LOWER}-]*${STREET_SUFFIX}(?:\\s+\\d{1,4}(?:\\s?[A-Za-z](?:\\s?\\d{1,3})?)?)?(?![\\p{L}])|\\b\\d{5}\\s+${WORD}`,
  'gu',
);
const NAME_PAIR = new RegExp(`(?<![\\p{L}])${WORD}(?:\\s+${WORD})+(?![\\p{L}])`, 'gu');
const CAPITALISED = new RegExp(`(?<![\\p{L}])${WORD}(?![\\p{L}])`, 'gu');

function digits(s: string) {
  return s.replace(/\D/g, '').length;
}

function sentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).trimEnd();
  return before === '' || /[.!?:;\n"“”(]$/.test(before);
}

/**
 * Suggests the parts of an open answer that may identify someone: e-mail addresses,
 * phone numbers, street addresses and postal codes, and likely names (capitalised
 * word pairs anywhere, single capitalised words inside a sentence). A moderator
 * decides; this only highlights. Ranges are sorted and never overlap.
 *
 * @example
 * suggestRedactions('Soita 040 123 4567, terveisin Maija Meikäläinen')
 * // [{ kind: 'phone', text: '040 123 4567', … }, { kind: 'name', text: 'Maija Meikäläinen', … }]
 */
export function suggestRedactions(text: string): RedactionSuggestion[] {
  const found: RedactionSuggestion[] = [];
  const add = (start: number, end: number, kind: RedactionKind) => {
    if (found.some((f) => start < f.end && end > f.start)) return;
    found.push({ start, end, kind, text: text.slice(start, end) });
  };
  for (const m of text.matchAll(EMAIL)) add(m.index, m.index + m[0].length, 'email');
  for (const m of text.matchAll(ADDRESS)) add(m.index, m.index + m[0].length, 'address');
  for (const m of text.matchAll(PHONE)) {
    const n = digits(m[0]);
    if (n >= 7 && n <= 15) add(m.index, m.index + m[0].length, 'phone');
  }
  for (const m of text.matchAll(NAME_PAIR)) {
    let start = m.index;
    const words = m[0].split(/\s+/);
    // "Opettajamme Maija Meikäläinen": the sentence's first word is likely not part of the name.
    if (words.length > 2 && sentenceStart(text, start))
      start = m.index + m[0].indexOf(words[1] as string, words[0]!.length);
    add(start, m.index + m[0].length, 'name');
  }
  for (const m of text.matchAll(CAPITALISED)) {
    if (!sentenceStart(text, m.index)) add(m.index, m.index + m[0].length, 'name');
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Sorts ranges and merges the overlapping or touching ones. */
export function mergeRanges(ranges: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * Replaces each range of the text with `[…]`. Moderators can only remove text, never
 * add words a guardian did not write. Throws RangeError for a range outside the text.
 */
export function applyRedactions(text: string, ranges: readonly { start: number; end: number }[]): string {
  for (const r of ranges) {
    if (r.start < 0 || r.end > text.length || r.end <= r.start) {
      throw new RangeError(`range ${r.start}-${r.end} is outside the text (length ${text.length})`);
    }
  }
  let out = '';
  let at = 0;
  for (const r of mergeRanges(ranges)) {
    out += text.slice(at, r.start) + REDACTED;
    at = r.end;
  }
  return out + text.slice(at);
}
