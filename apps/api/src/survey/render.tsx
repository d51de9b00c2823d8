/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { type DraftData, inputIdOf, offeredLanguages, stepOfField, stepsOf } from './flow.ts';
import { UI_LANGS, calendarDate, issueText } from './i18n.ts';
import { controllerText, envFor, pickLanguage, publicOrigin, unitOptions, type loadContext } from './service.ts';
import { type PageEnv, renderPage } from './views/layout.tsx';
import {
  CodeFormView,
  MessageView,
  MunicipalityListView,
  OpenIntroView,
  PrivacyView,
  ThanksView,
} from './views/pages.tsx';
import {
  BackgroundStepView,
  IntroStepView,
  ReviewStepView,
  SectionStepView,
  type StepView,
  firstControlId,
} from './views/steps.tsx';

export type C = Context<AppEnv>;
export type Body = Record<string, string | File | (string | File)[]>;
export type Ctx = NonNullable<Awaited<ReturnType<typeof loadContext>>>;

/** Languages of the pages no round decides (code, resume, privacy, errors): all with interface texts. */
export const UI = UI_LANGS;

export function field(body: Body, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

export function page(c: C, node: unknown, status: 200 | 404 | 409 | 410 | 422 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(renderPage(node), status);
}

export function notFound(c: C, lang = pickLanguage(c, UI)) {
  const env = envFor(c, lang);
  return page(c, <MessageView env={env} heading={env.ui.t('notFoundHeading')} body={env.ui.t('notFoundText')} />, 404);
}

/** Paths under /s/ that the page's script fetches and that therefore answer JSON. */
const JSON_ENDPOINT = /^\/s\/[^/]+\/(units|autosave)$/;

/** Whether a failing request is one of the guardian's pages, which answer errors as HTML. */
export function isGuardianPage(path: string): boolean {
  return (path === '/s' || path.startsWith('/s/')) && !JSON_ENDPOINT.test(path);
}

/** The `lang` field of a form the route had already read (a refused POST of a step page), else undefined. */
async function postedLanguage(c: C): Promise<string | undefined> {
  const form = c.req.bodyCache.formData;
  if (!form) return undefined;
  const lang = (await Promise.resolve(form).catch(() => undefined))?.get('lang');
  return typeof lang === 'string' && UI.includes(lang) ? lang : undefined;
}

/**
 * A failure on a guardian page as a page in the guardian's language (the status and error code stay
 * as in JSON): the language of the link, else of the form that was refused, else the browser's.
 */
export async function errorPage(c: C, status: ContentfulStatusCode, body: ErrorBody) {
  const lang = c.req.query('lang') ? pickLanguage(c, UI) : ((await postedLanguage(c)) ?? pickLanguage(c, UI));
  if (status === 404) return notFound(c, lang);
  const env = envFor(c, lang);
  const text = status >= 500 ? env.ui.t('serverErrorText') : env.ui.t('requestErrorText');
  c.header('Cache-Control', 'no-store');
  c.header('X-Error-Code', body.error.code);
  if (body.error.field) c.header('X-Error-Field', encodeURIComponent(body.error.field));
  return c.html(renderPage(<MessageView env={env} heading={env.ui.t('requestErrorHeading')} body={text} />), status);
}

export function notOpen(c: C, ctx: Ctx, lang: string, status: 200 | 409 = 200) {
  const env = envFor(c, lang);
  return page(
    c,
    <MessageView
      env={env}
      heading={env.ui.t('notOpenHeading')}
      body={env.ui.t('notOpenText', {
        opens: calendarDate(ctx.round.opensOn),
        closes: calendarDate(ctx.round.closesOn),
      })}
    />,
    status,
  );
}

export function expired(c: C, roundSlug: string, lang: string) {
  const env = envFor(c, lang);
  return page(
    c,
    <MessageView
      env={env}
      heading={env.ui.t('expiredHeading')}
      body={env.ui.t('expiredText')}
      link={{ href: `/s/${roundSlug}?lang=${lang}`, text: env.ui.t('startAgain') }}
    />,
    410,
  );
}

export function stepUrl(roundSlug: string, key: string, extra = '') {
  return `/s/${roundSlug}/step/${key}${extra}`;
}

export interface RenderStepOptions {
  issues?: { field: string; text: string; step: string }[];
  fromReview?: boolean;
  resume?: boolean;
}

/** Renders one step of the flow from the draft, with messages next to fields when there are issues. */
export async function renderStep(
  c: C,
  ctx: Ctx,
  draft: { token: string; data: DraftData },
  stepKey: string,
  lang: string,
  opts: RenderStepOptions = {},
  status: 200 | 409 | 422 = 200,
) {
  const steps = stepsOf(ctx.def);
  const index = steps.findIndex((s) => s.key === stepKey);
  const entry = steps[index];
  if (!entry) return notFound(c, lang);
  const env = envFor(c, lang);
  const issues = opts.issues ?? [];
  const errors = new Map<string, string>();
  for (const i of issues) if (i.step === stepKey && !errors.has(i.field)) errors.set(i.field, i.text);
  const summary = issues.map((i) => ({
    href: i.step === stepKey ? `#${firstControlId(i.field, ctx)}` : stepUrl(ctx.round.slug, i.step, '?from=review'),
    text: i.text,
  }));
  const v: StepView = {
    env,
    ctx,
    stepKey,
    n: index + 1,
    total: steps.length,
    data: draft.data,
    token: draft.token,
    errors,
    summary,
    fromReview: opts.fromReview ?? false,
    langs: offeredLanguages(ctx.def),
    resume: opts.resume ? { link: `${publicOrigin(c)}/s/resume/${draft.token}`, code: draft.token } : undefined,
  };
  const step = entry.step;
  if (step.kind === 'intro') {
    const controller = await controllerText(c.var.db, lang);
    return page(c, <IntroStepView {...v} controller={controller} />, status);
  }
  if (step.kind === 'background') {
    const units = await unitOptions(c.var.db, ctx, draft.data.municipality, lang);
    return page(
      c,
      <BackgroundStepView
        {...v}
        units={units}
        codeFixesMunicipality={Boolean(draft.data.codeMunicipality)}
        codeFixesUnit={draft.data.codeUnitId != null}
      />,
      status,
    );
  }
  if (step.kind === 'section') return page(c, <SectionStepView {...v} section={step.section} />, status);
  const units =
    typeof draft.data.unitId === 'number' ? await unitOptions(c.var.db, ctx, draft.data.municipality, lang) : [];
  const unit = units.find((u) => u.id === draft.data.unitId) ?? null;
  return page(c, <ReviewStepView {...v} unit={unit} />, status);
}

export function issuesForPage(
  env: PageEnv,
  ctx: Ctx,
  issues: { field: string; code: string; params?: Record<string, number | string> }[],
) {
  return issues.map((i) => ({
    field: inputIdOf(i.field),
    text: issueText(env.ui, i as never),
    step: stepOfField(ctx.def, i.field),
  }));
}

export function thanksUrl(roundSlug: string, data: DraftData) {
  const q = new URLSearchParams({ lang: data.language });
  if (data.codeHash) q.set('code', '1');
  else {
    if (data.municipality) q.set('m', data.municipality);
    if (typeof data.unitId === 'number') q.set('u', String(data.unitId));
  }
  return `/s/${roundSlug}/thanks?${q}`;
}

export async function renderPrivacy(c: C, lang: string) {
  const controller = await controllerText(c.var.db, lang);
  return page(
    c,
    <PrivacyView env={envFor(c, lang)} controller={controller} threshold={controller.threshold} langs={UI} />,
  );
}

export function renderCodeForm(
  c: C,
  kind: 'access' | 'resume',
  lang: string,
  value = '',
  error?: string,
  status: 200 | 404 | 409 | 422 = 200,
) {
  return page(c, <CodeFormView env={envFor(c, lang)} kind={kind} value={value} error={error} langs={UI} />, status);
}

export function renderMunicipalityList(c: C, ctx: Ctx, lang: string) {
  return page(c, <MunicipalityListView env={envFor(c, lang)} ctx={ctx} langs={offeredLanguages(ctx.def)} />);
}

export function renderThanks(c: C, ctx: Ctx, lang: string, another: { municipality: string; unit: string } | null) {
  return page(
    c,
    <ThanksView env={envFor(c, lang)} roundSlug={ctx.round.slug} another={another} langs={offeredLanguages(ctx.def)} />,
  );
}

export async function renderOpenIntro(c: C, ctx: Ctx, municipalitySlug: string, lang: string, hasDraft: boolean) {
  const controller = await controllerText(c.var.db, lang);
  return page(
    c,
    <OpenIntroView
      env={envFor(c, lang)}
      ctx={ctx}
      municipalitySlug={municipalitySlug}
      langs={offeredLanguages(ctx.def)}
      controller={controller}
      hasDraft={hasDraft}
      total={stepsOf(ctx.def).length}
    />,
  );
}
