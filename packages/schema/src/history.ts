import * as z from 'zod';
import { FreeText, type Translations } from './common.ts';
import type { CsvIssue } from './csv-import.ts';
import { FamilyKey } from './instrument.ts';

/**
 * History import: results of rounds run in another tool, as aggregated tables (docs/console.md,
 * "Importing history"). The file travels as base64 in JSON, so the request is validated like any other.
 */

/** Largest history file: 5 MB (its base64, about 6.7 MB, and the JSON around it fit the 8 MB import body limit). */
export const HISTORY_FILE_MAX_BYTES = 5 * 1024 * 1024;
const BASE64_MAX = Math.ceil(HISTORY_FILE_MAX_BYTES / 3) * 4;

export const HistoryFile = z.object({
  name: FreeText().trim().min(1, 'the file needs a name').max(200),
  data: z
    .string()
    .min(1, 'the file is empty')
    .max(BASE64_MAX, 'the file is larger than 5 MB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file must be sent as base64'),
});

/** Their question text → our item key, or null: the question stays unmapped (its rows are left out). */
export const HistoryMapping = z.record(
  FreeText().max(1000),
  z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,47}$/, 'an item key')
    .nullable(),
);
export type HistoryMapping = z.infer<typeof HistoryMapping>;

export const HistoryImportInput = z.object({
  family: FamilyKey,
  year: z.number().int().min(1990, 'at least 1990').max(2100, 'at most 2100'),
  source: FreeText().trim().min(1, 'say where the figures come from').max(500, 'at most 500 characters'),
  file: HistoryFile,
  /** Absent in the first preview: suggestions only. Required to import. */
  mapping: HistoryMapping.optional(),
});
export type HistoryImportInput = z.infer<typeof HistoryImportInput>;

export type HistoryFormat = 'counts' | 'means';

/** One of their questions with our items most like it (score 0–1, best first). */
export interface HistoryQuestion {
  text: string;
  rows: number;
  suggestions: { key: string; text: string; score: number }[];
  /** The item it is mapped to in the request (null: left unmapped; undefined: not yet decided). */
  mapped?: string | null;
}

/** What one municipality (or unit) would get: per item answered n (mean where known). */
export interface HistoryPreviewRow {
  line: number;
  municipality: string;
  unit: string | null;
  question: string;
  itemKey: string | null;
  n: number;
  mean: number | null;
}

/** What an import would store (preview) or stored, or the issues that stop it. */
export interface HistoryReport {
  ok: boolean;
  /** How the bytes were read: utf-8, utf-16le, utf-16be, windows-1252, xlsx. */
  encoding: string;
  delimiter: ',' | ';' | '\t' | null;
  format: HistoryFormat | null;
  issues: CsvIssue[];
  questions: HistoryQuestion[];
  /** The items their questions may be mapped to (the family's questionnaire; statements only for counts). */
  items: { key: string; type: 'statement' | 'grade'; text: Translations }[];
  /** Every row that would be stored (empty while there are issues). */
  rows: HistoryPreviewRow[];
  counts: { rows: number; unmapped: number; municipalities: number; units: number; items: number };
  /** Set by an import: the round it made, or found already made from the same file (unchanged). */
  round?: { id: number; slug: string; unchanged: boolean };
  /** A means-only file cannot show distributions: said on the preview and on the reports. */
  note: string | null;
}

export interface ImportedRoundSummary {
  id: number;
  slug: string;
  family: string;
  year: number;
  source: string;
  fileName: string;
  format: HistoryFormat;
  rows: number;
  importedAt: string;
}
