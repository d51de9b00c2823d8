import type { ColumnType, Generated, RawBuilder } from 'kysely';
import type { CycleRule, FilterKind, InstrumentDefinition, Translations } from '@gs/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns: selected as ISO strings (`::text` in SQL), written as ISO strings. */
type DateText = ColumnType<string, string | undefined, string>;
/** jsonb columns: written with `json(value)` from json.ts. */
type Json<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;

export interface NetworkSettingsTable {
  id: number;
  name: string;
  controller_text: Json<Translations>;
  suppression_threshold: ColumnType<number, number | undefined, number>;
  cycle_rule: ColumnType<CycleRule, RawBuilder<CycleRule> | undefined, RawBuilder<CycleRule>>;
  public_filters: ColumnType<FilterKind[], RawBuilder<FilterKind[]> | undefined, RawBuilder<FilterKind[]>>;
  updated_at: Timestamp;
}

export interface MunicipalityTable {
  id: Generated<number>;
  code: string;
  names: Json<Translations>;
  population: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface UnitTable {
  id: Generated<number>;
  municipality_id: number;
  code: string;
  names: Json<Translations>;
  kind: 'ecec' | 'pre_primary' | 'school';
  provider: 'municipal' | 'private';
  active_from: number;
  active_to: number | null;
}

export interface InstrumentFamilyTable {
  key: string;
  names: Json<Translations>;
}

export interface InstrumentVersionTable {
  id: Generated<number>;
  family_key: string;
  version: number;
  definition: Json<InstrumentDefinition>;
  based_on_id: number | null;
  created_at: Timestamp;
  /** Bumped whenever the version's texts change (translations imported: issue 13.2). */
  texts_revision: Generated<number>;
}

export interface InstrumentItemTable {
  id: Generated<number>;
  version_id: number;
  key: string;
  section_key: string;
  position: number;
  type: 'statement' | 'grade' | 'open';
  lineage: 'same' | 'changed' | 'new';
}

export interface RoundTable {
  id: Generated<number>;
  slug: string;
  family_key: string;
  instrument_version_id: number;
  year: number;
  opens_on: DateText;
  closes_on: DateText;
  status: ColumnType<'draft' | 'open' | 'closed' | 'published', 'draft' | 'open' | 'closed' | 'published' | undefined>;
  cycle_override_reason: string | null;
  created_at: Timestamp;
}

export interface RoundMunicipalityTable {
  round_id: number;
  municipality_id: number;
}

export interface BaseCountTable {
  id: Generated<number>;
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  group_key: string;
  enrolled: number;
}

export interface ResponseTable {
  id: Generated<number>;
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  group_key: string | null;
  language: string;
  submitted_on: DateText;
  /** Kept for a coordinator's review (an implausible burst from one client); not counted until released. */
  held: Generated<boolean>;
}

/**
 * Responses of the current day (and of a day not yet moved): the answers inside, a random id.
 * Moved into `response`, `answer` and `open_answer` once the day has passed or the round closes.
 */
export interface ResponseInboxTable {
  id: Generated<string>;
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  group_key: string | null;
  language: string;
  submitted_on: DateText;
  held: Generated<boolean>;
  /** Counted into the aggregates. */
  folded: Generated<boolean>;
  /** Rewritten by the last mix of the round's inbox (docs/privacy.md). */
  mixed: Generated<boolean>;
  answers: Json<{ k: string; v: number }[]>;
  open_answers: Json<{ k: string; t: string }[]>;
}

/** Every stored response, moved into `response` or still in the inbox (a view). */
export interface StoredResponseView {
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  group_key: string | null;
  language: string;
  submitted_on: string;
  held: boolean;
}

export interface AnswerTable {
  response_id: number;
  item_key: string;
  value: number;
}

export interface OpenAnswerTable {
  id: Generated<number>;
  response_id: number;
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  item_key: string;
  text: string;
  state: ColumnType<'pending' | 'approved' | 'hidden', 'pending' | 'approved' | 'hidden' | undefined>;
  redacted_text: string | null;
  moderated_at: Timestamp | null;
}

export interface AccessCodeTable {
  id: Generated<number>;
  round_id: number;
  municipality_id: number | null;
  unit_id: number | null;
  code_hash: string;
  used: ColumnType<boolean, boolean | undefined, boolean>;
  /** The day the code was used (the fold rewrites a day's used codes together). */
  used_on: ColumnType<string | null, string | null | undefined, string | null>;
  batch: ColumnType<number, number | undefined, number>;
}

export interface IdempotencyKeyTable {
  key: string;
  round_id: number;
  result: Json<unknown>;
  created_on: DateText;
}

export interface ResponseDraftTable {
  token_hash: string;
  round_id: number;
  data: Json<unknown>;
  updated_on: DateText;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: 'coordinator' | 'municipality_contact' | 'steering_group';
  municipality_id: number | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: ColumnType<
    Record<string, unknown>,
    RawBuilder<Record<string, unknown>> | undefined,
    RawBuilder<Record<string, unknown>>
  >;
}

export interface PublishedSnapshotTable {
  id: Generated<number>;
  round_id: number;
  version: number;
  reason: string | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface SnapshotReportTable {
  snapshot_id: number;
  scope: string;
  report: Json<unknown>;
}

export interface SignInAccountTable {
  email_hash: string;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  last_failure_at: Timestamp | null;
}

export interface SignInWindowTable {
  email_hash: string;
  window_start: Timestamp;
  failures: ColumnType<number, number | undefined, number>;
}

/** A development target picked from a round's results: the region's (municipality_id null) or one municipality's. */
export interface ImprovementAreaTable {
  id: Generated<number>;
  round_id: number;
  municipality_id: number | null;
  kind: 'item' | 'theme';
  key: string;
  note: string;
  decided_by: number | null;
  decided_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A round imported from another tool (issue 9.2): its source note, file and content hash. */
export interface HistoryImportTable {
  round_id: number;
  source: string;
  file_name: string;
  content_hash: string;
  format: 'counts' | 'means';
  mapping: Json<Record<string, string | null>>;
  rows: number;
  imported_at: Timestamp;
  imported_by: number | null;
}

/** An imported round's figures where the file had only mean and n (optionally SD) per item. */
export interface ImportedMeanTable {
  round_id: number;
  municipality_id: number;
  unit_id: number | null;
  item_key: string;
  n: number;
  mean: number;
  sd: number | null;
}

/** Every table, composed into the one type Kysely is parameterised with. */
export interface Database {
  network_settings: NetworkSettingsTable;
  municipality: MunicipalityTable;
  unit: UnitTable;
  instrument_family: InstrumentFamilyTable;
  instrument_version: InstrumentVersionTable;
  instrument_item: InstrumentItemTable;
  round: RoundTable;
  round_municipality: RoundMunicipalityTable;
  base_count: BaseCountTable;
  response: ResponseTable;
  response_inbox: ResponseInboxTable;
  stored_response: StoredResponseView;
  answer: AnswerTable;
  open_answer: OpenAnswerTable;
  access_code: AccessCodeTable;
  idempotency_key: IdempotencyKeyTable;
  response_draft: ResponseDraftTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  published_snapshot: PublishedSnapshotTable;
  snapshot_report: SnapshotReportTable;
  sign_in_account: SignInAccountTable;
  sign_in_window: SignInWindowTable;
  improvement_area: ImprovementAreaTable;
  history_import: HistoryImportTable;
  imported_mean: ImportedMeanTable;
}
