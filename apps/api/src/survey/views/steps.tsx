/** @jsxImportSource hono/jsx */
import type { SurveyContext } from '@gs/db';
import { type Item, type Section, type Translations, translate } from '@gs/schema';
import { ANSWER_FIELD, type DraftData, TEXT_FIELD } from '../flow.ts';
import type { LocalisedText } from '../service.ts';
import {
  ErrorSummary,
  FieldError,
  FlowHiddenFields,
  type IssueLink,
  type LangSwitch,
  Layout,
  type PageEnv,
} from './layout.tsx';

export interface UnitOption {
  id: number;
  name: string;
  /** The language the name is in (English where the unit has no name in the page language). */
  lang: string;
}

/** Everything a step page shows. `errors` maps an input name (q_x, t_x, unit, group, municipality) to its message. */
export interface StepView {
  env: PageEnv;
  ctx: SurveyContext;
  stepKey: string;
  n: number;
  total: number;
  data: DraftData;
  token: string;
  errors: Map<string, string>;
  summary: IssueLink[];
  fromReview: boolean;
  resume?: { link: string; code: string };
  langs: readonly string[];
}

const FORM_ID = 'step-form';

/** Text in the guardian's content language; a translation the text lacks falls back to English. */
export function text(t: Translations, lang: string): string {
  return (t as Record<string, string | undefined>)[lang] ?? t.en;
}

/** The language `text(t, lang)` is in. */
export function textLang(t: Translations, lang: string): string {
  return (t as Record<string, string | undefined>)[lang] === undefined ? 'en' : lang;
}

/** The lang attribute of a text in another language than the page's (undefined when the same). */
export function langIfOther(t: LocalisedText, env: PageEnv): string | undefined {
  return t.lang === env.lang ? undefined : t.lang;
}

export function municipalityName(names: Translations, lang: string): string {
  return translate(names, municipalityNameLang(lang));
}

/** Municipalities are named in Swedish on Swedish pages and in Finnish on all others. */
export function municipalityNameLang(lang: string): string {
  return lang === 'sv' ? 'sv' : 'fi';
}

/** The lang attribute of a name in language `of` on a page in `lang` (undefined when the same). */
export function nameLang(of: string, lang: string): string | undefined {
  return of === lang ? undefined : of;
}

/** The id of an input's first control, where an error summary link lands. */
export function firstControlId(name: string, ctx: SurveyContext): string {
  if (name === 'group') return `group-${ctx.def.group.options[0]?.key ?? ''}`;
  if (name.startsWith(ANSWER_FIELD)) {
    const key = name.slice(ANSWER_FIELD.length);
    const item = ctx.def.sections.flatMap((s) => s.items).find((i) => i.key === key);
    return `${name}-${item?.type === 'grade' ? 4 : 1}`;
  }
  return name;
}

function stepTitle(v: StepView): string {
  const { t } = v.env.ui;
  if (v.stepKey === 'intro') return t('introHeading');
  if (v.stepKey === 'background') return t('background');
  if (v.stepKey === 'review') return t('reviewHeading');
  const section = v.ctx.def.sections.find((s) => s.key === v.stepKey);
  return section ? text(section.title, v.env.lang) : '';
}

function StepLayout(props: { v: StepView; children?: unknown }) {
  const { v } = props;
  const switcher: LangSwitch = { kind: 'buttons', form: FORM_ID, langs: v.langs };
  const title = stepTitle(v);
  return (
    <Layout
      env={v.env}
      title={title}
      switcher={switcher}
      progress={{ n: v.n, total: v.total, label: title }}
      defaultSubmit={{ form: FORM_ID, value: v.fromReview ? 'review' : 'next', label: v.env.ui.t('next') }}
    >
      {v.resume ? <ResumeBox env={v.env} resume={v.resume} /> : null}
      <ErrorSummary env={v.env} issues={v.summary} />
      {props.children as never}
    </Layout>
  );
}

function ResumeBox({ env, resume }: { env: PageEnv; resume: { link: string; code: string } }) {
  const { t } = env.ui;
  return (
    <section class="notice" aria-labelledby="resume-title" tabindex={-1} autofocus>
      <h2 id="resume-title" lang={env.chromeLang}>
        {t('resumeHeading')}
      </h2>
      <p lang={env.chromeLang}>{t('resumeText')}</p>
      <p>
        <strong lang={env.chromeLang}>{t('resumeLink')}: </strong>
        <a class="break" href={resume.link} dir="ltr">
          {resume.link}
        </a>
      </p>
      <p>
        <strong lang={env.chromeLang}>{t('resumeCodeLabel')}: </strong>
        <code class="code" dir="ltr">
          {resume.code}
        </code>
      </p>
    </section>
  );
}

function formAction(v: StepView) {
  return `/s/${v.ctx.round.slug}/step/${v.stepKey}${v.fromReview ? '?from=review' : ''}`;
}

/** Buttons at the foot of a step: back, the main action, and "continue later". */
function StepButtons({ v, back = true }: { v: StepView; back?: boolean }) {
  const { t } = v.env.ui;
  const main = v.fromReview ? { go: 'review', label: t('toReview') } : { go: 'next', label: t('next') };
  return (
    <>
      <div class="actions" lang={v.env.chromeLang}>
        {back && !v.fromReview ? (
          <button type="submit" name="go" value="back" class="button secondary">
            {t('back')}
          </button>
        ) : null}
        <button type="submit" name="go" value={main.go} class="button primary" data-main>
          {main.label}
        </button>
      </div>
      <p class="later" lang={v.env.chromeLang}>
        <button type="submit" name="go" value="resume" class="link-button">
          {t('resumeButton')}
        </button>
      </p>
    </>
  );
}

function StepForm(props: { v: StepView; children?: unknown }) {
  const { v } = props;
  return (
    <form
      id={FORM_ID}
      method="post"
      action={formAction(v)}
      novalidate
      data-autosave={`/s/${v.ctx.round.slug}/autosave`}
      data-step={v.stepKey}
      data-saved={v.env.ui.t('saved')}
      data-error-summary={v.env.ui.t('errorSummary')}
      data-save-failed={v.env.ui.t('saveFailed')}
    >
      <FlowHiddenFields token={v.token} idem={v.data.idem} lang={v.env.lang} />
      {props.children as never}
      <p class="save-status" role="status" lang={v.env.chromeLang} />
    </form>
  );
}

export function IntroStepView(v: StepView & { controller: LocalisedText }) {
  const { lang } = v.env;
  const { t } = v.env.ui;
  const def = v.ctx.def;
  return (
    <StepLayout v={v}>
      <h1>{text(def.title, lang)}</h1>
      <IntroText v={v} controller={v.controller} />
      <StepForm v={v}>
        <div class="actions" lang={v.env.chromeLang}>
          <button type="submit" name="go" value="next" class="button primary">
            {t('start')}
          </button>
        </div>
      </StepForm>
    </StepLayout>
  );
}

/** The intro's paragraphs: the instrument's own text, time, voluntariness, one child, controller. */
export function IntroText({ v, controller }: { v: { env: PageEnv; ctx: SurveyContext }; controller: LocalisedText }) {
  const { lang } = v.env;
  const { t } = v.env.ui;
  const def = v.ctx.def;
  return (
    <div class="intro">
      <p>{text(def.intro, lang)}</p>
      <ul class="facts" lang={v.env.chromeLang}>
        <li>{t('minutes', { minutes: def.estimatedMinutes })}</li>
        <li>{t('voluntary')}</li>
        <li>{t('oneChild')}</li>
      </ul>
      <p class="controller" lang={langIfOther(controller, v.env)}>
        {controller.text}
      </p>
      <p lang={v.env.chromeLang}>
        <a href={`/s/privacy?lang=${lang}`}>{t('privacyLink')}</a>
      </p>
    </div>
  );
}

export function BackgroundStepView(
  v: StepView & { units: UnitOption[]; codeFixesMunicipality: boolean; codeFixesUnit: boolean },
) {
  const { lang } = v.env;
  const { t } = v.env.ui;
  const def = v.ctx.def;
  const muni = v.ctx.municipalities.find((m) => m.slug === v.data.municipality);
  const fixedUnit = v.units.find((u) => u.id === v.data.unitId);
  const unitLabel = def.family === 'ecec' ? t('unitEcec') : t('unitBasic');
  const err = (name: string) => v.errors.get(name);
  const describedBy = (name: string) => (err(name) ? `${name}-error` : undefined);
  return (
    <StepLayout v={v}>
      <h1 lang={v.env.chromeLang}>{t('background')}</h1>
      <p lang={v.env.chromeLang}>{t('oneChild')}</p>
      <StepForm v={v}>
        <div class={`field${err('municipality') ? ' has-error' : ''}`}>
          {v.codeFixesMunicipality && muni ? (
            <>
              <p class="label" lang={v.env.chromeLang}>
                {t('municipality')}
              </p>
              <p class="fixed">
                <span lang={nameLang(municipalityNameLang(lang), lang)}>{municipalityName(muni.names, lang)}</span>{' '}
                <span lang={v.env.chromeLang}>({t('fixedByCode')})</span>
              </p>
            </>
          ) : (
            <>
              <label for="municipality" class="label" lang={v.env.chromeLang}>
                {t('municipality')}
              </label>
              <FieldError env={v.env} id="municipality-error" text={err('municipality')} />
              <div class="inline">
                <select
                  id="municipality"
                  name="municipality"
                  aria-describedby={describedBy('municipality')}
                  aria-invalid={err('municipality') ? 'true' : undefined}
                  data-units-url={`/s/${v.ctx.round.slug}/units`}
                >
                  {muni ? null : <option value="">{t('chooseOption')}</option>}
                  {v.ctx.municipalities.map((m) => (
                    <option
                      value={m.slug}
                      selected={m.slug === v.data.municipality}
                      lang={nameLang(municipalityNameLang(lang), lang)}
                    >
                      {municipalityName(m.names, lang)}
                    </option>
                  ))}
                </select>
                <button type="submit" name="go" value="refresh" class="button secondary small" data-refresh-units>
                  {t('refreshUnits')}
                </button>
              </div>
            </>
          )}
        </div>
        <div class={`field${err('unit') ? ' has-error' : ''}`}>
          {v.codeFixesUnit ? (
            <>
              <p class="label" lang={v.env.chromeLang}>
                {unitLabel}
              </p>
              <p class="fixed">
                <span lang={fixedUnit && nameLang(fixedUnit.lang, lang)}>{fixedUnit?.name ?? ''}</span>{' '}
                <span lang={v.env.chromeLang}>({t('fixedByCode')})</span>
              </p>
            </>
          ) : (
            <>
              <label for="unit" class="label" lang={v.env.chromeLang}>
                {unitLabel}
              </label>
              <FieldError env={v.env} id="unit-error" text={err('unit')} />
              <select
                id="unit"
                name="unit"
                aria-describedby={describedBy('unit')}
                aria-invalid={err('unit') ? 'true' : undefined}
                data-required={t('issue.requiredUnit')}
              >
                <option value="" selected={v.data.unitId === undefined}>
                  {t('chooseOption')}
                </option>
                {v.units.map((u) => (
                  <option value={String(u.id)} selected={u.id === v.data.unitId} lang={nameLang(u.lang, lang)}>
                    {u.name}
                  </option>
                ))}
                <option value="none" selected={v.data.unitId === null}>
                  {t('unitNone')}
                </option>
              </select>
            </>
          )}
        </div>
        <fieldset
          class={`field choice${err('group') ? ' has-error' : ''}`}
          id="group"
          aria-describedby={describedBy('group')}
          data-required={t('issue.required')}
        >
          <legend class="label">{text(def.group.label, lang)}</legend>
          <FieldError env={v.env} id="group-error" text={err('group')} />
          {def.group.options.map((o) => (
            <div class="option">
              <input
                type="radio"
                id={`group-${o.key}`}
                name="group"
                value={o.key}
                checked={v.data.groupKey === o.key}
                aria-invalid={err('group') ? 'true' : undefined}
              />
              <label for={`group-${o.key}`}>{text(o.label, lang)}</label>
            </div>
          ))}
        </fieldset>
        <StepButtons v={v} />
      </StepForm>
    </StepLayout>
  );
}

export function SectionStepView(v: StepView & { section: Section }) {
  const { lang } = v.env;
  const s = v.section;
  return (
    <StepLayout v={v}>
      <h1>{text(s.title, lang)}</h1>
      {s.description ? <p class="lead">{text(s.description, lang)}</p> : null}
      <StepForm v={v}>
        {s.items.map((item) => (
          <ItemField v={v} item={item} />
        ))}
        <StepButtons v={v} />
      </StepForm>
    </StepLayout>
  );
}

function ItemField({ v, item }: { v: StepView; item: Item }) {
  const { lang } = v.env;
  const { t } = v.env.ui;
  if (item.type === 'open') {
    const name = TEXT_FIELD + item.key;
    const value = v.data.openAnswers[item.key] ?? '';
    const error = v.errors.get(name);
    const length = [...value].length;
    return (
      <div class={`field open${error ? ' has-error' : ''}`}>
        <label for={name} class="label">
          {text(item.text, lang)}{' '}
          <span class="optional" lang={v.env.chromeLang}>
            ({t('optional')})
          </span>
        </label>
        <p class="hint" id={`${name}-hint`} lang={v.env.chromeLang}>
          {t('maxChars', { max: item.maxLength })}
        </p>
        <FieldError env={v.env} id={`${name}-error`} text={error} />
        <textarea
          id={name}
          name={name}
          rows={5}
          maxlength={error ? undefined : item.maxLength}
          data-max={item.maxLength}
          data-too-long={t('issue.too_long', { length: 0, limit: item.maxLength })}
          aria-describedby={[`${name}-hint`, error ? `${name}-error` : '', `${name}-counter`].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
        >
          {value}
        </textarea>
        <p
          class="counter"
          id={`${name}-counter`}
          lang={v.env.chromeLang}
          data-template={t('counter', { count: 999999, max: item.maxLength })}
        >
          {t('counter', { count: length, max: item.maxLength })}
        </p>
      </div>
    );
  }
  const name = ANSWER_FIELD + item.key;
  const current = v.data.answers[item.key];
  const error = v.errors.get(name);
  const errorId = `${name}-error`;
  const radio = (value: number, label: string, extraClass = '') => (
    <div class={`option${extraClass}`}>
      <input
        type="radio"
        id={`${name}-${value}`}
        name={name}
        value={String(value)}
        checked={current === value}
        aria-invalid={error ? 'true' : undefined}
      />
      <label for={`${name}-${value}`}>{label}</label>
    </div>
  );
  if (item.type === 'grade') {
    return (
      <fieldset
        class={`field grade${error ? ' has-error' : ''}`}
        id={name}
        aria-describedby={error ? errorId : undefined}
      >
        <legend class="label">{text(item.text, lang)}</legend>
        <FieldError env={v.env} id={errorId} text={error} />
        <div class="grade-options" dir="ltr">
          {[4, 5, 6, 7, 8, 9, 10].map((g) => radio(g, String(g)))}
        </div>
      </fieldset>
    );
  }
  return (
    <fieldset
      class={`field statement${error ? ' has-error' : ''}`}
      id={name}
      aria-describedby={error ? errorId : undefined}
    >
      <legend class="label">{text(item.text, lang)}</legend>
      <FieldError env={v.env} id={errorId} text={error} />
      <div class="scale" lang={v.env.chromeLang}>
        {v.env.ui.list('scale').map((label, i) => radio(i + 1, `${i + 1} ${label}`))}
      </div>
      <div class="cant-say" lang={v.env.chromeLang}>
        {radio(0, t('cantSay'))}
      </div>
    </fieldset>
  );
}

export function answerLabel(env: PageEnv, item: Item, data: DraftData): string {
  const { t } = env.ui;
  if (item.type === 'open') return data.openAnswers[item.key] ?? t('notAnswered');
  const v = data.answers[item.key];
  if (v === undefined) return t('notAnswered');
  if (item.type === 'grade') return String(v);
  return v === 0 ? t('cantSay') : `${v} ${env.ui.list('scale')[v - 1] ?? ''}`;
}

export function ReviewStepView(v: StepView & { unit: UnitOption | null }) {
  const { lang } = v.env;
  const { t } = v.env.ui;
  const def = v.ctx.def;
  const muni = v.ctx.municipalities.find((m) => m.slug === v.data.municipality);
  const group = def.group.options.find((o) => o.key === v.data.groupKey);
  const changeHref = (key: string) => `/s/${v.ctx.round.slug}/step/${key}?from=review`;
  return (
    <StepLayout v={v}>
      <h1 lang={v.env.chromeLang}>{t('reviewHeading')}</h1>
      <p lang={v.env.chromeLang}>{t('reviewIntro')}</p>
      <section class="review-section" aria-labelledby="review-background">
        <div class="review-head">
          <h2 id="review-background" lang={v.env.chromeLang}>
            {t('background')}
          </h2>
          <a href={changeHref('background')} lang={v.env.chromeLang}>
            {t('change')}
            <span class="visually-hidden">: {t('background')}</span>
          </a>
        </div>
        <dl>
          <dt lang={v.env.chromeLang}>{t('municipality')}</dt>
          {muni ? (
            <dd lang={nameLang(municipalityNameLang(lang), lang)}>{municipalityName(muni.names, lang)}</dd>
          ) : (
            <dd>{t('notAnswered')}</dd>
          )}
          <dt lang={v.env.chromeLang}>{def.family === 'ecec' ? t('unitEcec') : t('unitBasic')}</dt>
          {v.unit ? (
            <dd lang={nameLang(v.unit.lang, lang)}>{v.unit.name}</dd>
          ) : (
            <dd>{v.data.unitId === undefined ? t('notAnswered') : t('unitNone')}</dd>
          )}
          <dt>{text(def.group.label, lang)}</dt>
          <dd>{group ? text(group.label, lang) : t('notAnswered')}</dd>
        </dl>
      </section>
      {def.sections.map((s) => (
        <section class="review-section" aria-labelledby={`review-${s.key}`}>
          <div class="review-head">
            <h2 id={`review-${s.key}`}>{text(s.title, lang)}</h2>
            <a href={changeHref(s.key)} lang={v.env.chromeLang}>
              {t('change')}
              <span class="visually-hidden">: {text(s.title, lang)}</span>
            </a>
          </div>
          <dl>
            {s.items.map((item) => (
              <>
                <dt>{text(item.text, lang)}</dt>
                <dd class={item.type === 'open' ? 'open-answer' : undefined}>{answerLabel(v.env, item, v.data)}</dd>
              </>
            ))}
          </dl>
        </section>
      ))}
      <StepForm v={v}>
        <div class="actions" lang={v.env.chromeLang}>
          <button type="submit" name="go" value="back" class="button secondary">
            {t('back')}
          </button>
          <button type="submit" name="go" value="submit" class="button primary" data-main>
            {t('submit')}
          </button>
        </div>
      </StepForm>
    </StepLayout>
  );
}
