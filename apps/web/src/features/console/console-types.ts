import type {
  CsvIssue,
  ProgressLine,
  RedactionSuggestion,
  Role,
  RoundProgress as Progress,
  SessionInfo,
  TranslationLanguage,
  Translations,
} from '@gs/schema';

export type {
  CsvIssue,
  Progress,
  ProgressLine,
  RedactionSuggestion,
  Role,
  SessionInfo,
  TranslationLanguage,
  Translations,
};
export type RoundStatus = 'draft' | 'open' | 'closed' | 'published';
export type Family = 'ecec' | 'basic';

export interface RoundRow {
  id: number;
  slug: string;
  family_key: Family;
  instrument_version_id: number;
  instrument_version: number;
  year: number;
  opens_on: string;
  closes_on: string;
  status: RoundStatus;
  cycle_override_reason: string | null;
  responses: number;
  snapshots: number;
}

export interface RoundDetail extends Omit<RoundRow, 'responses' | 'snapshots'> {
  municipalities: { id: number; code: string; names: Translations }[];
  snapshots: { id: number; version: number; reason: string | null; created_at: string; created_by: string | null }[];
}

export interface Municipality {
  id: number;
  code: string;
  names: Translations;
  population: number;
  active: boolean;
  units: number;
}

export interface Unit {
  id: number;
  code: string;
  names: Translations;
  kind: 'ecec' | 'pre_primary' | 'school';
  provider: 'municipal' | 'private';
  active_from: number;
  active_to: number | null;
  municipality_id: number;
  municipality_code: string;
}

export interface BaseCounts {
  groupKeys: string[];
  groups: { key: string; label: Translations }[];
  unitKinds: Unit['kind'][];
  rows: {
    municipality_id: number;
    municipality_code: string;
    unit_id: number | null;
    unit_code: string | null;
    unit_names: Translations | null;
    group_key: string;
    enrolled: number;
  }[];
}

export interface ImportReport {
  kind: 'municipalities' | 'units' | 'base_counts';
  ok: boolean;
  issues: CsvIssue[];
  rows: { line: number; action: 'create' | 'update' | 'unchanged'; key: string }[];
  counts: { create: number; update: number; unchanged: number; removed: number };
}

export interface RoundLink {
  municipalityCode: string;
  names: Translations;
  path: string;
  url: string;
  qrSvg: string;
}

export interface CodeCount {
  municipalityCode: string | null;
  municipalityNames: Translations | null;
  unitId: number | null;
  unitNames: Translations | null;
  used: number;
  unused: number;
}

export interface CodeBatch {
  batch: number;
  roundSlug: string;
  municipalityCode: string;
  municipalityNames: Translations;
  unitNames: Translations | null;
  codeUrl: string;
  openUrl: string;
  codes: { code: string; url: string; qrSvg: string }[];
  /** The batch as CSV, built by the API (formulas neutralised as in the report exports). */
  csv: string;
}

export interface QueueAnswer {
  id: number;
  item_key: string;
  text: string;
  state: 'pending' | 'approved' | 'hidden';
  redacted_text: string | null;
  moderated_at: string | null;
  municipality_code: string;
  municipality_names: Translations;
  unit_names: Translations | null;
  item_text: Translations | null;
  suggestions: RedactionSuggestion[];
}

export interface ModerationQueue {
  counts: { pending: number; approved: number; hidden: number };
  /** Every answer the filters match; `answers` is the page from `offset`, at most `limit` long. */
  total: number;
  offset: number;
  limit: number;
  answers: QueueAnswer[];
}

export interface ApprovedAnswer {
  id: number;
  item_key: string;
  item_text: Translations | null;
  text: string;
  municipality_code: string;
  municipality_names: Translations;
  unit_names: Translations | null;
}

export interface InstrumentVersionRow {
  id: number;
  family_key: Family;
  version: number;
  based_on_id: number | null;
  created_at: string;
  round_count: number;
  locked: boolean;
  /** Per home language: texts translated of all texts. */
  completeness: Record<TranslationLanguage, { translated: number; total: number }>;
}

export type Lineage = 'same' | 'changed' | 'new';

export interface InstrumentItem {
  key: string;
  type: 'statement' | 'grade' | 'open';
  scale?: string;
  text: Translations;
  required?: boolean;
  maxLength?: number;
}

export interface InstrumentSection {
  key: string;
  title: Translations;
  description?: Translations;
  items: InstrumentItem[];
}

export interface InstrumentDefinition {
  family: Family;
  version: number;
  title: Translations;
  intro: Translations;
  estimatedMinutes: number;
  sections: InstrumentSection[];
  lineage: Record<string, Lineage>;
  removed: string[];
}

export interface InstrumentDetail {
  id: number;
  family: Family;
  version: number;
  definition: InstrumentDefinition;
  basedOn: { id: number; version: number; definition: InstrumentDefinition } | null;
  lineage: Record<string, Lineage>;
  removed: string[];
  rounds: number;
  locked: boolean;
  latest: boolean;
  completeness: Record<TranslationLanguage, { translated: number; total: number }>;
}

export interface AuditLine {
  id: number;
  at: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
  user_email: string | null;
}

export interface ConsoleUserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  municipality_id: number | null;
  municipality_code: string | null;
  active: boolean;
  created_at: string;
}
