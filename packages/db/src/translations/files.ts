import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  type InstrumentDefinition,
  type TextSlot,
  type TranslationFormat,
  type TranslationIssue,
  type TranslationLanguage,
  textSlots,
} from '@gs/schema';
import { decodeText, readSheet } from '../history/read-file.ts';

/**
 * Translation files of a questionnaire version (issue 13.2): XLIFF 2.0 and CSV, written from the
 * version's texts and read back into entries (key, Finnish source, target) with the line or unit id
 * of each, for the import to check against the version.
 */

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

/** One text found in a file: the CSV line or the XLIFF unit id it came from. */
export interface TranslationEntry {
  line?: number;
  unit?: string;
  key: string;
  source: string;
  target: string;
}

export type TranslationFileResult = {
  format: TranslationFormat | null;
  encoding: string;
  entries: TranslationEntry[];
  issues: TranslationIssue[];
};

const textIn = (slot: TextSlot, lang: string) => (slot.text as Record<string, string | undefined>)[lang];

/** File name of an export: `ecec-v1-et.xlf` or `ecec-v1-et.csv`. */
export function translationFileName(def: InstrumentDefinition, language: string, format: TranslationFormat) {
  return `${def.family}-v${def.version}-${language}.${format === 'xliff' ? 'xlf' : 'csv'}`;
}

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * The texts as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads it as UTF-8),
 * semicolons (what Excel writes in Finland and Estonia), every field quoted, CRLF line ends.
 * Columns: key, the Finnish source, Swedish and English for context, the target language.
 */
export function translationCsv(def: InstrumentDefinition, language: TranslationLanguage): string {
  const lines = [['key', 'fi', 'sv', 'en', language].map(csvCell).join(';')];
  for (const slot of textSlots(def)) {
    lines.push(
      [slot.key, slot.text.fi, slot.text.sv, slot.text.en, textIn(slot, language) ?? ''].map(csvCell).join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The texts as XLIFF 2.0: one `<unit>` per text (id = its key), the Finnish text as `<source>`, the
 * language's text (when there is one) as `<target>` with the segment `state="translated"`, else
 * `state="initial"` and no target; the Swedish and English texts as notes for context.
 */
export function translationXliff(def: InstrumentDefinition, language: TranslationLanguage): string {
  const units = textSlots(def).map((slot) => {
    const target = textIn(slot, language);
    return {
      '@_id': slot.key,
      notes: {
        note: [
          { '@_category': 'kind', '#text': slot.lineage ? `${slot.kind} (${slot.lineage})` : slot.kind },
          { '@_category': 'sv', '#text': slot.text.sv },
          { '@_category': 'en', '#text': slot.text.en },
        ],
      },
      segment: {
        '@_state': target === undefined ? 'initial' : 'translated',
        source: slot.text.fi,
        ...(target === undefined ? {} : { target }),
      },
    };
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    xliff: {
      '@_xmlns': XLIFF_NS,
      '@_version': '2.0',
      '@_srcLang': 'fi',
      '@_trgLang': language,
      file: { '@_id': `${def.family}-v${def.version}`, '@_original': `${def.family}/v${def.version}`, unit: units },
    },
  }) as string;
}

/** An element of the parsed XLIFF: name, attributes and children (elements or text) in document order. */
interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElements(nodes: OrderedNode[]): (XmlElement | string)[] {
  const out: (XmlElement | string)[] = [];
  for (const node of nodes) {
    for (const [name, value] of Object.entries(node)) {
      if (name === ':@') continue;
      if (name === '#text') out.push(String(value));
      else out.push({ name, attrs: node[':@'] ?? {}, children: toElements(value as OrderedNode[]) });
    }
  }
  return out;
}

const elements = (e: XmlElement, name?: string) =>
  e.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));

/** The plain text of a `<source>` or `<target>`, or the inline element it holds (not supported). */
function plainText(e: XmlElement): { text: string; inline?: string } {
  let text = '';
  for (const c of e.children) {
    if (typeof c === 'string') text += c;
    else return { text, inline: c.name };
  }
  return { text };
}

const primary = (tag: string | undefined) => (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';

function readXliff(text: string, encoding: string, language: TranslationLanguage): TranslationFileResult {
  const fail = (issues: TranslationIssue[]): TranslationFileResult => ({
    format: 'xliff',
    encoding,
    entries: [],
    issues,
  });
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    const line = text.slice(0, doctype.index).split('\n').length;
    return fail([{ line, message: 'a document type declaration (<!DOCTYPE>) is not allowed in an XLIFF file' }]);
  }
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text);
  } catch {
    return fail([{ line: 1, message: 'the file cannot be read as XML' }]);
  }
  if (valid !== true) {
    return fail([{ line: valid.err.line, message: `the file is not well-formed XML: ${valid.err.msg}` }]);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    htmlEntities: false,
  });
  let root: XmlElement | undefined;
  try {
    root = toElements(parser.parse(text) as OrderedNode[]).find((c): c is XmlElement => typeof c !== 'string');
  } catch {
    // e.g. nesting too deep for the stack: a translation file is a few levels deep.
    return fail([{ line: 1, message: 'the file cannot be read as XLIFF' }]);
  }
  if (root?.name !== 'xliff' || root.attrs.xmlns !== XLIFF_NS) {
    return fail([{ line: 1, message: `the file is not XLIFF 2.0: its root must be <xliff xmlns="${XLIFF_NS}">` }]);
  }
  const issues: TranslationIssue[] = [];
  if (!/^2\.\d$/.test(root.attrs.version ?? '')) {
    issues.push({ column: 'version', message: `XLIFF version ${root.attrs.version ?? '(none)'}: 2.0 is expected` });
  }
  if (primary(root.attrs.srcLang) !== 'fi') {
    issues.push({ column: 'srcLang', message: `the source language is '${root.attrs.srcLang ?? ''}': it must be fi` });
  }
  if (primary(root.attrs.trgLang) !== language) {
    issues.push({
      column: 'trgLang',
      message: `the file translates into '${root.attrs.trgLang ?? '(none)'}', not ${language}: export the right language`,
    });
  }
  const entries: TranslationEntry[] = [];
  const units: XmlElement[] = [];
  const collect = (e: XmlElement) => {
    for (const c of elements(e)) {
      if (c.name === 'unit') units.push(c);
      else if (c.name === 'group') collect(c);
    }
  };
  for (const file of elements(root, 'file')) collect(file);
  for (const unit of units) {
    const id = unit.attrs.id ?? '';
    let source = '';
    let target = '';
    let bad = false;
    for (const part of elements(unit).filter((c) => c.name === 'segment' || c.name === 'ignorable')) {
      for (const [field, el] of [
        ['source', elements(part, 'source')[0]],
        ['target', elements(part, 'target')[0]],
      ] as const) {
        if (!el) continue;
        const got = plainText(el);
        if (got.inline) {
          issues.push({
            unit: id,
            column: field,
            message: `inline markup (<${got.inline}>) is not supported: the texts are plain text`,
          });
          bad = true;
        }
        if (field === 'source') source += got.text;
        else target += got.text;
      }
    }
    if (!id) issues.push({ unit: '(no id)', column: 'id', message: 'a <unit> without an id' });
    else if (!bad) entries.push({ unit: id, key: id, source, target });
  }
  return { format: 'xliff', encoding, entries, issues };
}

async function readCsvFile(bytes: Uint8Array, language: TranslationLanguage): Promise<TranslationFileResult> {
  const sheet = await readSheet(bytes);
  if (!sheet.ok) return { format: 'csv', encoding: sheet.encoding, entries: [], issues: sheet.issues };
  const { header, rows, encoding } = sheet.table;
  const issues: TranslationIssue[] = [];
  const known = new Set(['key', 'fi', 'sv', 'en', 'comment', language]);
  for (const col of ['key', 'fi', language]) {
    if (!header.includes(col)) issues.push({ line: 1, column: col, message: `column '${col}' is missing` });
  }
  header.forEach((col, i) => {
    if (!known.has(col)) {
      issues.push({
        line: 1,
        column: col || `#${i + 1}`,
        message: `unknown column '${col}' (the columns are key, fi, sv, en and ${language})`,
      });
    } else if (header.indexOf(col) !== i) {
      issues.push({ line: 1, column: col, message: `column '${col}' appears twice` });
    }
  });
  if (issues.length) return { format: 'csv', encoding, entries: [], issues };
  const at = (cells: string[], col: string) => cells[header.indexOf(col)] ?? '';
  const entries: TranslationEntry[] = [];
  for (const { line, cells } of rows) {
    // Fewer fields are empty trailing cells; more mean a delimiter inside an unquoted text.
    if (cells.length > header.length) {
      issues.push({
        line,
        message: `${cells.length} fields where the header has ${header.length}: a text holding the delimiter must be quoted`,
      });
      continue;
    }
    entries.push({ line, key: at(cells, 'key').trim(), source: at(cells, 'fi'), target: at(cells, language) });
  }
  return { format: 'csv', encoding, entries, issues };
}

/**
 * Reads a translation file: XLIFF 2.0 when its text starts with `<`, otherwise CSV (comma, semicolon
 * or tab; UTF-8, UTF-16 or Windows-1252) or an XLSX a spreadsheet saved, with the export's columns.
 */
export async function readTranslationFile(
  bytes: Uint8Array,
  language: TranslationLanguage,
): Promise<TranslationFileResult> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) {
    const { text, encoding } = decodeText(bytes);
    if (text.trimStart().startsWith('<')) return readXliff(text, encoding, language);
  }
  return readCsvFile(bytes, language);
}
