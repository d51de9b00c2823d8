import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  type Db,
  type SurveyContext,
  createDraft,
  getSettings,
  placeIssues,
  readDraft,
  saveDraft,
  surveyContext,
  surveyUnits,
} from '@gs/db';
import {
  DomainError,
  type ResponseIssue,
  SCALES,
  type Submission,
  type SubmissionDraft,
  type Translations,
  validateAgainstInstrument,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { type SurveyAssets, surveyAssets } from './assets.ts';
import { type DraftData, inputIdOf, newDraftData, offeredLanguages, type Step, stepIssues } from './flow.ts';
import { isUiLang, issueText, languageFromHeader, type UiStrings, uiStrings } from './i18n.ts';
import { type PageEnv, pageEnv } from './views/layout.tsx';
import { municipalityName, text, textLang } from './views/steps.tsx';

export const DRAFT_COOKIE = 'gs_draft';
const COOKIE_DAYS = 30;

/** The draft token: from the form's hidden field, else the cookie scoped to the round's path. */
export function draftToken(c: Context<AppEnv>, body?: Record<string, unknown>): string | undefined {
  const fromBody = typeof body?.token === 'string' ? body.token : undefined;
  return fromBody || getCookie(c, DRAFT_COOKIE) || undefined;
}

function isHttps(c: Context<AppEnv>): boolean {
  return (c.var.config.PUBLIC_URL ?? c.req.url).startsWith('https:');
}

/** The one cookie of the flow: first-party, HttpOnly, SameSite=Lax, only sent to this round's survey pages. */
export function setDraftCookie(c: Context<AppEnv>, roundSlug: string, token: string) {
  setCookie(c, DRAFT_COOKIE, token, {
    path: `/s/${roundSlug}`,
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: COOKIE_DAYS * 24 * 3600,
  });
}

export function clearDraftCookie(c: Context<AppEnv>, roundSlug: string) {
  deleteCookie(c, DRAFT_COOKIE, { path: `/s/${roundSlug}`, secure: isHttps(c) });
}

export function publicOrigin(c: Context<AppEnv>): string {
  return c.var.config.PUBLIC_URL?.replace(/\/$/, '') ?? new URL(c.req.url).origin;
}

/**
 * The page language: `?lang=` when offered, else the draft's, else the browser's preference among the
 * offered languages that have interface texts (Finnish when none fits).
 */
export function pickLanguage(c: Context<AppEnv>, offered: readonly string[], draftLang?: string): string {
  const q = c.req.query('lang');
  if (q && offered.includes(q)) return q;
  if (draftLang && offered.includes(draftLang)) return draftLang;
  return languageFromHeader(c.req.header('accept-language'), offered.filter(isUiLang));
}

export function envFor(c: Context<AppEnv>, lang: string): PageEnv {
  const assets: SurveyAssets = surveyAssets(c.var.config.WEB_DIST);
  return pageEnv(lang, uiStrings(lang), assets);
}

/** A text of the data and the language it is in (English where the data has none in the page language). */
export interface LocalisedText {
  text: string;
  lang: string;
}

/** The controller sentence from the network settings, in the page language (English where the settings lack it). */
export async function controllerText(db: Db, lang: string): Promise<LocalisedText & { threshold: number }> {
  const settings = await getSettings(db);
  const own = (settings.controllerText as Record<string, string | undefined>)[lang];
  return { text: own ?? settings.controllerText.en, lang: own ? lang : 'en', threshold: settings.suppressionThreshold };
}

/**
 * The round behind a guardian page or the survey API, or undefined: a round still in draft is
 * not public (its questionnaire may change), so it is as unknown as a round that does not exist.
 */
export async function loadContext(db: Db, roundSlug: string) {
  const ctx = await surveyContext(db, roundSlug);
  return ctx?.round.status === 'draft' ? undefined : ctx;
}

/** Rethrows a refused submission, as a 404 when the round is still a draft (see `loadContext`). */
export async function hideDraftRound(db: Db, roundSlug: string, err: unknown): Promise<never> {
  if (err instanceof DomainError && err.code === 'round_not_open' && !(await loadContext(db, roundSlug))) {
    throw new DomainError('not_found', `no round '${roundSlug}'`, 'round', 404);
  }
  throw err;
}

/** The draft of a token when it belongs to this round. */
export async function loadDraft(db: Db, ctx: SurveyContext, token: string | undefined) {
  if (!token) return undefined;
  const draft = await readDraft<DraftData>(db, token);
  return draft && draft.roundId === ctx.round.id ? { token, data: draft.data } : undefined;
}

export async function startDraft(db: Db, ctx: SurveyContext, data: DraftData) {
  return createDraft(db, ctx.round.id, data);
}

/** Units to choose from in one municipality, named in the page language. */
export async function unitOptions(db: Db, ctx: SurveyContext, municipalitySlug: string | null, lang: string) {
  const m = ctx.municipalities.find((x) => x.slug === municipalitySlug);
  if (!m) return [];
  const units = await surveyUnits(db, ctx, [m.id]);
  return units.map((u) => ({
    id: u.id,
    name: text(u.names as Translations, lang),
    lang: textLang(u.names as Translations, lang),
  }));
}

/** Every issue of one step: the pure checks plus, on the background page, the unit against the database. */
export async function issuesOfStep(db: Db, ctx: SurveyContext, data: DraftData, step: Step): Promise<ResponseIssue[]> {
  const issues = stepIssues(ctx, data, step);
  if (step.kind === 'background' && data.municipality && typeof data.unitId === 'number') {
    const place = await placeIssues(db, ctx, { municipality: data.municipality, unitId: data.unitId });
    issues.push(...place.issues);
  }
  return issues;
}

/** Issues as messages next to their inputs, keyed by input name. */
export function errorMap(ui: UiStrings, issues: ResponseIssue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const i of issues) {
    const name = inputIdOf(i.field);
    if (!map.has(name)) map.set(name, issueText(ui, i));
  }
  return map;
}

export { offeredLanguages };

/** The round and instrument of an open link, localised, as the JSON API gives it. */
export async function surveyForLink(db: Db, roundSlug: string, municipalitySlug: string, lang: string | undefined) {
  const ctx = await loadContext(db, roundSlug);
  if (!ctx) throw new DomainError('not_found', `no round '${roundSlug}'`, 'round', 404);
  const municipality = ctx.municipalities.find((m) => m.slug === municipalitySlug);
  if (!municipality) {
    throw new DomainError('not_found', `'${municipalitySlug}' does not take part in this round`, 'municipality', 404);
  }
  const languages = offeredLanguages(ctx.def);
  if (lang !== undefined && !languages.includes(lang)) {
    throw new DomainError('validation_failed', `available languages: ${languages.join(', ')}`, 'lang', 400);
  }
  const l = lang ?? 'fi';
  const def = ctx.def;
  return {
    round: {
      slug: ctx.round.slug,
      year: ctx.round.year,
      status: ctx.round.status,
      opensOn: ctx.round.opensOn,
      closesOn: ctx.round.closesOn,
    },
    municipality: { slug: municipality.slug, code: municipality.code, name: municipalityName(municipality.names, l) },
    language: l,
    languages,
    title: text(def.title, l),
    intro: text(def.intro, l),
    estimatedMinutes: def.estimatedMinutes,
    group: {
      key: def.group.key,
      label: text(def.group.label, l),
      options: def.group.options.map((o) => ({ key: o.key, label: text(o.label, l) })),
    },
    units: await unitOptions(db, ctx, municipality.slug, l),
    sections: def.sections.map((s) => ({
      key: s.key,
      title: text(s.title, l),
      ...(s.description ? { description: text(s.description, l) } : {}),
      items: s.items.map((item) =>
        item.type === 'open'
          ? { key: item.key, type: item.type, text: text(item.text, l), maxLength: item.maxLength, required: false }
          : {
              key: item.key,
              type: item.type,
              text: text(item.text, l),
              scale: SCALES[item.scale as keyof typeof SCALES],
              required: item.required,
            },
      ),
    })),
  };
}

/**
 * Refuses unfinished answers that could never be submitted: items the questionnaire does not
 * have, values outside an item's scale, open answers over their limit, a group that is not an
 * option. Missing answers are fine (it is a draft). A 400 names the first offending field.
 */
function refuseDraftIssues(ctx: SurveyContext, data: DraftData) {
  const present = [...Object.keys(data.answers), ...Object.keys(data.openAnswers)];
  const { answers, openAnswers, groupKey } = data;
  const language = data.language as Submission['language'];
  const issues = validateAgainstInstrument(
    ctx.def,
    { answers, openAnswers, groupKey, language },
    {
      items: present,
      group: data.groupKey != null,
      language: true,
    },
  );
  const first = issues[0];
  if (first) throw new DomainError('validation_failed', first.message, first.field, 400);
}

/** Saves unfinished answers from the JSON API; creates the draft when no token is given. */
export async function saveApiDraft(
  db: Db,
  roundSlug: string,
  input: { token?: string; data: SubmissionDraft },
): Promise<{ token: string; created: boolean }> {
  const ctx = await loadContext(db, roundSlug);
  if (!ctx) throw new DomainError('not_found', `no round '${roundSlug}'`, 'round', 404);
  if (ctx.round.status !== 'open') {
    throw new DomainError('round_not_open', `the round '${roundSlug}' is ${ctx.round.status}`, 'round', 409);
  }
  const d = input.data;
  const answers = Object.fromEntries(
    Object.entries(d.answers ?? {}).filter((e): e is [string, number] => e[1] !== null),
  );
  if (input.token) {
    const existing = await loadDraft(db, ctx, input.token);
    if (!existing) throw new DomainError('not_found', 'no unfinished response with this token', 'token', 404);
    const merged: DraftData = {
      ...existing.data,
      ...(d.language ? { language: d.language } : {}),
      ...(d.municipality !== undefined ? { municipality: existing.data.codeMunicipality || d.municipality } : {}),
      ...(d.unitId !== undefined && existing.data.codeUnitId == null ? { unitId: d.unitId } : {}),
      ...(d.groupKey !== undefined ? { groupKey: d.groupKey } : {}),
      answers: { ...existing.data.answers, ...answers },
      openAnswers: { ...existing.data.openAnswers, ...(d.openAnswers ?? {}) },
    };
    for (const [k, v] of Object.entries(d.answers ?? {})) if (v === null) delete merged.answers[k];
    refuseDraftIssues(ctx, merged);
    await saveDraft(db, existing.token, merged);
    return { token: existing.token, created: false };
  }
  const data = newDraftData({
    language: d.language ?? 'fi',
    municipality: d.municipality ?? null,
    groupKey: d.groupKey ?? null,
    answers,
    openAnswers: d.openAnswers ?? {},
    ...(d.unitId !== undefined ? { unitId: d.unitId } : {}),
  });
  refuseDraftIssues(ctx, data);
  const { token } = await createDraft(db, ctx.round.id, data);
  return { token, created: true };
}
