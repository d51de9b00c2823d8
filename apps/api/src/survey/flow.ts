import { randomBytes } from 'node:crypto';
import type { SurveyContext } from '@gs/db';
import {
  type InstrumentDefinition,
  MAX_INT4,
  type ResponseIssue,
  type Section,
  type Submission,
  completeLanguages,
  validateAgainstInstrument,
} from '@gs/schema';

/** What a draft keeps between the steps of the HTML flow (stored as jsonb in response_draft). */
export interface DraftData {
  v: 1;
  /** The idempotency key of the final submit, fixed for the life of the draft. */
  idem: string;
  language: string;
  municipality: string | null;
  /** Set when a one-time code fixes the municipality. */
  codeHash?: string;
  codeMunicipality?: string | null;
  codeUnitId?: number | null;
  /** undefined: not chosen yet; null: "not in the list / prefer not to say". */
  unitId?: number | null;
  groupKey: string | null;
  answers: Record<string, number>;
  openAnswers: Record<string, string>;
  /** The furthest step index reached, for "continue where you left off". */
  reached: number;
}

export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

export function newDraftData(over: Partial<DraftData> & { language: string }): DraftData {
  return {
    v: 1,
    idem: newIdempotencyKey(),
    municipality: null,
    groupKey: null,
    answers: {},
    openAnswers: {},
    reached: 0,
    ...over,
  };
}

export type Step =
  | { kind: 'intro' }
  | { kind: 'background' }
  | { kind: 'section'; section: Section }
  | { kind: 'review' };

/** The pages of a survey in order: intro, background, one per section, review. */
export function stepsOf(def: InstrumentDefinition): { key: string; step: Step }[] {
  return [
    { key: 'intro', step: { kind: 'intro' } },
    { key: 'background', step: { kind: 'background' } },
    ...def.sections.map((section) => ({ key: section.key, step: { kind: 'section', section } as Step })),
    { key: 'review', step: { kind: 'review' } },
  ];
}

/** Languages offered for a survey: the UI languages plus content languages the version is complete in. */
export function offeredLanguages(def: InstrumentDefinition): string[] {
  return completeLanguages(def);
}

export const ANSWER_FIELD = 'q_';
export const TEXT_FIELD = 't_';

/** The form field name of an issue's field (answers.x → q_x) so messages sit next to their input. */
export function inputIdOf(field: string): string {
  if (field.startsWith('answers.')) return ANSWER_FIELD + field.slice('answers.'.length);
  if (field.startsWith('openAnswers.')) return TEXT_FIELD + field.slice('openAnswers.'.length);
  if (field === 'groupKey') return 'group';
  if (field === 'unitId') return 'unit';
  return field;
}

type FormBody = Record<string, string | File | (string | File)[]>;

function str(body: FormBody, name: string): string | undefined {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** Applies the posted fields of one step to the draft; fields of other steps stay as they were. */
export function applyStepForm(ctx: SurveyContext, data: DraftData, step: Step, body: FormBody): DraftData {
  const next: DraftData = { ...data, answers: { ...data.answers }, openAnswers: { ...data.openAnswers } };
  if (step.kind === 'background') {
    const municipality = str(body, 'municipality');
    if (municipality !== undefined && !data.codeMunicipality) next.municipality = municipality || null;
    const unit = str(body, 'unit');
    if (unit !== undefined && data.codeUnitId == null) {
      next.unitId = unit === '' ? undefined : unit === 'none' ? null : unitIdOf(unit);
    }
    const group = str(body, 'group');
    if (group !== undefined) next.groupKey = group || null;
  }
  if (step.kind === 'section') {
    for (const item of step.section.items) {
      if (item.type === 'open') {
        const text = str(body, TEXT_FIELD + item.key);
        if (text === undefined) continue;
        const clean = text.replace(/\r\n/g, '\n').slice(0, item.maxLength * 4);
        if (clean.trim() === '') delete next.openAnswers[item.key];
        else next.openAnswers[item.key] = clean;
      } else {
        const raw = str(body, ANSWER_FIELD + item.key);
        const value = raw === undefined || raw === '' ? Number.NaN : Number(raw);
        if (Number.isInteger(value)) next.answers[item.key] = value;
        else if (raw === undefined || raw === '') delete next.answers[item.key];
      }
    }
  }
  const lang = str(body, 'lang');
  if (lang && offeredLanguages(ctx.def).includes(lang)) next.language = lang;
  return next;
}

/** A unit id from a form field: a whole number within the database's id range, else undefined. */
export function unitIdOf(raw: string): number | undefined {
  const id = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  return id > 0 && id <= MAX_INT4 ? id : undefined;
}

/** The submission a draft makes (for validation and the final submit). */
export function submissionOf(data: DraftData): Submission {
  return {
    municipality: data.municipality ?? '',
    unitId: data.unitId ?? null,
    groupKey: data.groupKey,
    language: data.language as Submission['language'],
    answers: data.answers,
    openAnswers: data.openAnswers,
  };
}

/** Issues of one step (pure checks only; the background's unit is checked against the database by the caller). */
export function stepIssues(ctx: SurveyContext, data: DraftData, step: Step): ResponseIssue[] {
  if (step.kind === 'background') {
    const issues: ResponseIssue[] = [];
    if (!data.municipality) {
      issues.push({ field: 'municipality', code: 'required', message: 'choose a municipality' });
    }
    if (data.unitId === undefined) issues.push({ field: 'unitId', code: 'required', message: 'choose a unit' });
    return [...issues, ...validateAgainstInstrument(ctx.def, submissionOf(data), { group: true })];
  }
  if (step.kind === 'section') {
    return validateAgainstInstrument(ctx.def, submissionOf(data), { items: step.section.items.map((i) => i.key) });
  }
  return [];
}

/** Which step an issue's field belongs to. */
export function stepOfField(def: InstrumentDefinition, field: string): string {
  const key = field.replace(/^(answers|openAnswers)\./, '');
  const section = def.sections.find((s) => s.items.some((i) => i.key === key));
  return section?.key ?? 'background';
}
