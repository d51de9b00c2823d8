import { Hono } from 'hono';
import * as z from 'zod';
import {
  SubmissionRejectedError,
  deleteDraft,
  findAccessCode,
  getRound,
  readDraft,
  rotateDraftToken,
  saveDraft,
  storedSubmitResult,
  submitResponse,
} from '@gs/db';
import { CONTENT_LANGUAGES, DomainError, SubmissionDraft } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { assertMayTryCode, countWrongCode, holdOpenLinkSubmission } from '../lib/abuse.ts';
import { readForm, refuseUnstorable } from '../lib/input-guard.ts';
import { type DraftData, applyStepForm, newDraftData, stepsOf, submissionOf, unitIdOf } from '../survey/flow.ts';
import {
  type Body,
  type C,
  UI,
  expired,
  field,
  issuesForPage,
  notFound,
  notOpen,
  renderCodeForm,
  renderMunicipalityList,
  renderOpenIntro,
  renderPrivacy,
  renderStep,
  renderThanks,
  stepUrl,
  thanksUrl,
} from '../survey/render.tsx';
import {
  clearDraftCookie,
  draftToken,
  envFor,
  issuesOfStep,
  loadContext,
  loadDraft,
  offeredLanguages,
  pickLanguage,
  setDraftCookie,
  startDraft,
  unitOptions,
} from '../survey/service.ts';

const AutosaveBody = z.object({
  token: z.string().max(64).optional(),
  step: z.string().max(60),
  fields: z.record(z.string().max(60), z.string().max(20_000)),
});

function postedLanguage(c: C, body: Body, offered: readonly string[]): string {
  const lang = field(body, 'lang');
  return offered.includes(lang) ? lang : pickLanguage(c, offered);
}

/**
 * The guardian's pages, rendered on the server: plain forms that POST and redirect,
 * so the whole survey works without JavaScript. State between steps lives in a draft
 * found by a token (hidden field + a cookie scoped to the round's path).
 */
export const surveyRoutes = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/s/code', 302))
  .get('/privacy', (c) => renderPrivacy(c, pickLanguage(c, CONTENT_LANGUAGES)))
  .get('/code', (c) => renderCodeForm(c, 'access', pickLanguage(c, UI), (c.req.query('code') ?? '').slice(0, 40)))
  .post('/code', async (c) => {
    const body = await readForm(c);
    const lang = postedLanguage(c, body, UI);
    const { t } = envFor(c, lang).ui;
    const value = field(body, 'code').trim();
    if (!value) return renderCodeForm(c, 'access', lang, value, t('codeRequired'), 422);
    await assertMayTryCode(c);
    const code = await findAccessCode(c.var.db, value);
    const ctx = code ? await loadContext(c.var.db, code.round_slug) : undefined;
    if (!code) await countWrongCode(c);
    if (!code || !ctx) return renderCodeForm(c, 'access', lang, value, t('codeUnknown'), 422);
    if (code.used) return renderCodeForm(c, 'access', lang, value, t('codeUsed'), 409);
    if (ctx.round.status !== 'open') return notOpen(c, ctx, lang, 409);
    const municipality = ctx.municipalities.find((m) => m.id === code.municipality_id)?.slug ?? null;
    const data = newDraftData({
      language: lang,
      municipality,
      codeHash: code.code_hash,
      codeMunicipality: municipality,
      codeUnitId: code.unit_id,
      ...(code.unit_id !== null ? { unitId: code.unit_id } : {}),
    });
    const { token } = await startDraft(c.var.db, ctx, data);
    setDraftCookie(c, ctx.round.slug, token);
    return c.redirect(stepUrl(ctx.round.slug, 'intro'), 303);
  })
  .get('/resume', (c) => renderCodeForm(c, 'resume', pickLanguage(c, UI)))
  // Link previewers and mail scanners open links: the GET only fills in the form, its button resumes.
  .get('/resume/:token', (c) => renderCodeForm(c, 'resume', pickLanguage(c, UI), c.req.param('token').slice(0, 40)))
  .post('/resume', async (c) => {
    const body = await readForm(c);
    return resume(c, field(body, 'code').trim(), postedLanguage(c, body, UI));
  })
  .get('/:round', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    return renderMunicipalityList(c, ctx, pickLanguage(c, offeredLanguages(ctx.def)));
  })
  .get('/:round/units', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) throw new DomainError('not_found', 'no such round', 'round', 404);
    const lang = pickLanguage(c, offeredLanguages(ctx.def));
    return c.json(await unitOptions(c.var.db, ctx, c.req.query('municipality') ?? null, lang), 200);
  })
  .post('/:round/autosave', async (c) => {
    const json: unknown = await c.req.json().catch(() => {
      throw new DomainError('bad_request', 'the body is not JSON', 'body', 400);
    });
    refuseUnstorable(json);
    const parsed = AutosaveBody.safeParse(json);
    if (!parsed.success) throw parsed.error;
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) throw new DomainError('not_found', 'no such round', 'round', 404);
    if (ctx.round.status !== 'open') throw new DomainError('round_not_open', 'the round is not open', 'round', 409);
    const draft = await loadDraft(c.var.db, ctx, parsed.data.token || draftToken(c));
    if (!draft) throw new DomainError('not_found', 'no unfinished response with this token', 'token', 404);
    const entry = stepsOf(ctx.def).find((s) => s.key === parsed.data.step);
    if (!entry) throw new DomainError('validation_failed', 'unknown step', 'step');
    const data = applyStepForm(ctx, draft.data, entry.step, parsed.data.fields);
    SubmissionDraft.parse({ answers: data.answers, openAnswers: data.openAnswers });
    await saveDraft(c.var.db, draft.token, data);
    return c.json({ saved: true }, 200);
  })
  .get('/:round/thanks', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    const lang = pickLanguage(c, offeredLanguages(ctx.def));
    const another = c.req.query('code') ? null : { municipality: c.req.query('m') ?? '', unit: c.req.query('u') ?? '' };
    return renderThanks(c, ctx, lang, another);
  })
  .post('/:round/another', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    const body = await readForm(c);
    const lang = postedLanguage(c, body, offeredLanguages(ctx.def));
    if (ctx.round.status !== 'open') return notOpen(c, ctx, lang, 409);
    const municipality = ctx.municipalities.find((m) => m.slug === field(body, 'municipality'))?.slug ?? null;
    const unit = unitIdOf(field(body, 'unit'));
    const data = newDraftData({
      language: lang,
      municipality,
      reached: 1,
      ...(unit !== undefined ? { unitId: unit } : {}),
    });
    const { token } = await startDraft(c.var.db, ctx, data);
    setDraftCookie(c, ctx.round.slug, token);
    return c.redirect(stepUrl(ctx.round.slug, 'background'), 303);
  })
  .get('/:round/step/:step', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    const langs = offeredLanguages(ctx.def);
    const draft = await loadDraft(c.var.db, ctx, draftToken(c));
    if (!draft) return expired(c, ctx.round.slug, pickLanguage(c, langs));
    const lang = pickLanguage(c, langs, draft.data.language);
    if (ctx.round.status !== 'open') return notOpen(c, ctx, lang);
    return renderStep(c, ctx, draft, c.req.param('step'), lang, {
      fromReview: c.req.query('from') === 'review',
      resume: c.req.query('resume') === '1',
    });
  })
  .post('/:round/step/:step', async (c) => {
    const roundSlug = c.req.param('round');
    const stepKey = c.req.param('step');
    const body = await readForm(c);
    const go = field(body, 'go') || 'next';
    const ctx = await loadContext(c.var.db, roundSlug);
    if (!ctx) return notFound(c);
    const langs = offeredLanguages(ctx.def);
    const postedLang = postedLanguage(c, body, langs);
    const draft = await loadDraft(c.var.db, ctx, draftToken(c, body));
    if (!draft) {
      // A second click on "send" after the first went through: the draft is gone, the key remembers.
      const idem = field(body, 'idem');
      if (go === 'submit' && idem && (await storedSubmitResult(c.var.db, roundSlug, idem).catch(() => undefined))) {
        return c.redirect(`/s/${roundSlug}/thanks?lang=${postedLang}`, 303);
      }
      return expired(c, roundSlug, postedLang);
    }
    if (ctx.round.status !== 'open') return notOpen(c, ctx, postedLang, 409);
    const steps = stepsOf(ctx.def);
    const index = steps.findIndex((s) => s.key === stepKey);
    const entry = steps[index];
    if (!entry) return notFound(c, postedLang);

    let data = applyStepForm(ctx, draft.data, entry.step, body);
    data.reached = Math.max(data.reached, index);
    if (go.startsWith('lang:') && langs.includes(go.slice(5))) data = { ...data, language: go.slice(5) };
    await saveDraft(c.var.db, draft.token, data);
    const lang = data.language;
    const fromReview = c.req.query('from') === 'review';
    const current = { token: draft.token, data };
    const here = stepUrl(roundSlug, stepKey, fromReview ? '?from=review' : '');

    if (go.startsWith('lang:') || go === 'refresh') return c.redirect(here, 303);
    if (go === 'resume') return c.redirect(`${here}${fromReview ? '&' : '?'}resume=1`, 303);
    if (go === 'back') return c.redirect(stepUrl(roundSlug, steps[Math.max(0, index - 1)]!.key), 303);

    const env = envFor(c, lang);
    if (go === 'submit') {
      try {
        await submitResponse(c.var.db, {
          roundSlug,
          idempotencyKey: data.idem,
          submission: submissionOf(data),
          codeHash: data.codeHash,
          draftToken: draft.token,
          held: !data.codeHash && (await holdOpenLinkSubmission(c, roundSlug)),
        });
      } catch (err) {
        if (err instanceof SubmissionRejectedError) {
          return renderStep(c, ctx, current, 'review', lang, { issues: issuesForPage(env, ctx, err.issues) }, 422);
        }
        if (err instanceof DomainError && err.code === 'conflict' && err.field === 'accessCode') {
          return renderStep(
            c,
            ctx,
            current,
            'review',
            lang,
            {
              issues: [{ field: 'accessCode', text: env.ui.t('codeUsed'), step: 'review' }],
            },
            409,
          );
        }
        if (err instanceof DomainError && err.code === 'round_not_open') return notOpen(c, ctx, lang, 409);
        throw err;
      }
      clearDraftCookie(c, roundSlug);
      return c.redirect(thanksUrl(roundSlug, data), 303);
    }

    const issues = await issuesOfStep(c.var.db, ctx, data, entry.step);
    if (issues.length > 0) {
      return renderStep(c, ctx, current, stepKey, lang, { issues: issuesForPage(env, ctx, issues), fromReview }, 422);
    }
    if (go === 'review' || fromReview) return c.redirect(stepUrl(roundSlug, 'review'), 303);
    if (index + 1 > data.reached) await saveDraft(c.var.db, draft.token, { ...data, reached: index + 1 });
    return c.redirect(stepUrl(roundSlug, steps[Math.min(steps.length - 1, index + 1)]!.key), 303);
  })
  .get('/:round/:municipality', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    const slug = c.req.param('municipality').toLowerCase();
    if (!ctx.municipalities.some((m) => m.slug === slug)) return notFound(c);
    const draft = await loadDraft(c.var.db, ctx, draftToken(c));
    const lang = pickLanguage(c, offeredLanguages(ctx.def), draft?.data.language);
    if (ctx.round.status !== 'open') return notOpen(c, ctx, lang);
    return renderOpenIntro(c, ctx, slug, lang, Boolean(draft));
  })
  .post('/:round/:municipality', async (c) => {
    const ctx = await loadContext(c.var.db, c.req.param('round'));
    if (!ctx) return notFound(c);
    const slug = c.req.param('municipality').toLowerCase();
    if (!ctx.municipalities.some((m) => m.slug === slug)) return notFound(c);
    const body = await readForm(c);
    const lang = postedLanguage(c, body, offeredLanguages(ctx.def));
    if (ctx.round.status !== 'open') return notOpen(c, ctx, lang, 409);
    const go = field(body, 'go');
    const existing = await loadDraft(c.var.db, ctx, draftToken(c));
    const steps = stepsOf(ctx.def);
    if (existing && go === 'continue') {
      const at = steps[Math.max(1, Math.min(existing.data.reached, steps.length - 1))]!;
      return c.redirect(stepUrl(ctx.round.slug, at.key), 303);
    }
    if (existing && go !== 'new') {
      const data: DraftData = {
        ...existing.data,
        language: lang,
        municipality: existing.data.codeMunicipality || slug,
        reached: Math.max(existing.data.reached, 1),
      };
      await saveDraft(c.var.db, existing.token, data);
      return c.redirect(stepUrl(ctx.round.slug, 'background'), 303);
    }
    if (existing) await deleteDraft(c.var.db, existing.token);
    const { token } = await startDraft(c.var.db, ctx, newDraftData({ language: lang, municipality: slug, reached: 1 }));
    setDraftCookie(c, ctx.round.slug, token);
    return c.redirect(stepUrl(ctx.round.slug, 'background'), 303);
  });

/** Continues a draft from its resume code (typed, or filled in from a resume link) on any device; the code then retires. */
async function resume(c: C, code: string, lang: string) {
  const { t } = envFor(c, lang).ui;
  if (!code) return renderCodeForm(c, 'resume', lang, code, t('codeRequired'), 422);
  await assertMayTryCode(c);
  const existing = await readDraft<DraftData>(c.var.db, code);
  if (!existing) await countWrongCode(c);
  const round = existing ? await getRound(c.var.db, existing.roundId) : undefined;
  const ctx = round?.status === 'open' ? await loadContext(c.var.db, round.slug) : undefined;
  const draft = ctx ? await rotateDraftToken(c.var.db, code) : undefined;
  if (!draft || !ctx) return renderCodeForm(c, 'resume', lang, code, t('resumeNotFound'), 404);
  const steps = stepsOf(ctx.def);
  const at = steps[Math.max(1, Math.min((draft.data as DraftData).reached, steps.length - 1))]!;
  setDraftCookie(c, ctx.round.slug, draft.token);
  return c.redirect(stepUrl(ctx.round.slug, at.key), 303);
}
