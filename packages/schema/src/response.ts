import * as z from 'zod';
import { ContentLanguage, MAX_INT4, FreeText } from './common.ts';
import { CANT_SAY, type InstrumentDefinition, type Item, SCALES, completeLanguages, itemsOf } from './instrument.ts';

/** A client-chosen key that makes a submission safe to retry: the server stores one response per key. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,100}$/, 'an idempotency key is 16-100 letters, digits, _ or -');

const AnswerKey = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'not an item key');

/**
 * One complete guardian response as the API accepts it. `municipality` is the
 * municipality's slug (e.g. `lahti`); a statement answer is 0 for "can't say" or
 * 1-5, the grade 4-10; unanswered items are left out.
 */
export const Submission = z.object({
  municipality: FreeText().trim().min(1, 'choose a municipality').max(60),
  unitId: z.number().int().positive().max(MAX_INT4).nullable().default(null),
  groupKey: FreeText().max(48).nullable().default(null),
  language: ContentLanguage,
  answers: z.record(AnswerKey, z.number().int()).default({}),
  openAnswers: z.record(AnswerKey, FreeText().max(20_000)).default({}),
  accessCode: FreeText().trim().min(1).max(40).optional(),
});
export type Submission = z.infer<typeof Submission>;
export type SubmissionInput = z.input<typeof Submission>;

/** Unfinished answers as kept between steps; every part optional, nothing checked against the instrument. */
export const SubmissionDraft = z.object({
  municipality: FreeText().trim().max(60).optional(),
  unitId: z.number().int().positive().max(MAX_INT4).nullable().optional(),
  groupKey: FreeText().max(48).nullable().optional(),
  language: ContentLanguage.optional(),
  answers: z.record(AnswerKey, z.number().int().min(0).max(10).nullable()).optional(),
  openAnswers: z.record(AnswerKey, FreeText().max(20_000)).optional(),
});
export type SubmissionDraft = z.infer<typeof SubmissionDraft>;

export const RESPONSE_ISSUE_CODES = [
  'required',
  'unknown_item',
  'out_of_scale',
  'too_long',
  'not_an_option',
  'unknown_language',
  'unknown_municipality',
  'unknown_unit',
  'unit_of_other_municipality',
  'unit_not_active',
  'unit_kind_not_allowed',
  'code_of_other_place',
] as const;
export type ResponseIssueCode = (typeof RESPONSE_ISSUE_CODES)[number];

/** A problem with one field of a submission; `params` fill the localised message (limit, min, max). */
export interface ResponseIssue {
  field: string;
  code: ResponseIssueCode;
  message: string;
  params?: Record<string, number | string>;
}

// Definitions are immutable once parsed, so what is derived from one is kept beside it.
const derived = new WeakMap<InstrumentDefinition, { items: Map<string, Item>; languages: string[] }>();

function derivedOf(def: InstrumentDefinition) {
  let d = derived.get(def);
  if (!d) {
    d = { items: new Map(itemsOf(def).map((item) => [item.key, item])), languages: completeLanguages(def) };
    derived.set(def, d);
  }
  return d;
}

function scaleOf(item: Item) {
  return item.type === 'statement' ? SCALES.agree5 : item.type === 'grade' ? SCALES.grade4_10 : undefined;
}

/** Whether a value fits an item's scale (0 is "can't say" where the scale has it). */
export function valueFitsItem(item: Item, value: number): boolean {
  const scale = scaleOf(item);
  if (!scale || !Number.isInteger(value)) return false;
  if (value === CANT_SAY) return scale.cantSay;
  return value >= scale.min && value <= scale.max;
}

/** Characters as a person counts them (a surrogate pair is one), so limits agree with the page's counter. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Checks a submission against an instrument version: unknown items, values outside
 * the scale, open answers over their limit, required answers missing, a group key
 * that is not an option and a language the version is not complete in. Only the
 * parts listed in `only` are checked when given (e.g. the items of one page).
 * Returns field-named issues; an empty list means it fits.
 *
 * @example
 * validateAgainstInstrument(def, { ...submission, answers: { safety_feels_safe: 7 } })
 * // → [{ field: 'answers.safety_feels_safe', code: 'out_of_scale', ... }]
 */
export function validateAgainstInstrument(
  def: InstrumentDefinition,
  submission: Pick<Submission, 'answers' | 'openAnswers'> & Partial<Submission>,
  only?: { items?: readonly string[]; group?: boolean; language?: boolean },
): ResponseIssue[] {
  const issues: ResponseIssue[] = [];
  const { items, languages } = derivedOf(def);
  const inScope = (key: string) => !only || (only.items ?? []).includes(key);

  if (!only || only.language) {
    if (submission.language !== undefined && !languages.includes(submission.language)) {
      issues.push({
        field: 'language',
        code: 'unknown_language',
        message: `this survey is not available in '${submission.language}'`,
      });
    }
  }
  if (!only || only.group) {
    const groupKey = submission.groupKey ?? null;
    if (groupKey === null || groupKey === '') {
      issues.push({ field: 'groupKey', code: 'required', message: `${def.group.key} is required` });
    } else if (!def.group.options.some((o) => o.key === groupKey)) {
      issues.push({ field: 'groupKey', code: 'not_an_option', message: `'${groupKey}' is not a ${def.group.key}` });
    }
  }
  for (const [key, value] of Object.entries(submission.answers)) {
    const item = items.get(key);
    if (!item || item.type === 'open') {
      issues.push({ field: `answers.${key}`, code: 'unknown_item', message: `no rated item '${key}' in this survey` });
    } else if (inScope(key) && !valueFitsItem(item, value)) {
      const scale = scaleOf(item)!;
      issues.push({
        field: `answers.${key}`,
        code: 'out_of_scale',
        message: `${value} is outside the scale ${scale.min}-${scale.max}${scale.cantSay ? " (0 = can't say)" : ''}`,
        params: { min: scale.min, max: scale.max },
      });
    }
  }
  for (const [key, text] of Object.entries(submission.openAnswers)) {
    const item = items.get(key);
    if (item?.type !== 'open') {
      issues.push({ field: `openAnswers.${key}`, code: 'unknown_item', message: `no open question '${key}'` });
    } else if (inScope(key) && textLength(text) > item.maxLength) {
      issues.push({
        field: `openAnswers.${key}`,
        code: 'too_long',
        message: `at most ${item.maxLength} characters`,
        params: { limit: item.maxLength, length: textLength(text) },
      });
    }
  }
  for (const item of items.values()) {
    if (item.type === 'open' || !item.required || !inScope(item.key)) continue;
    if (submission.answers[item.key] === undefined) {
      issues.push({
        field: `answers.${item.key}`,
        code: 'required',
        message: `an answer to '${item.key}' is required`,
      });
    }
  }
  return issues;
}
