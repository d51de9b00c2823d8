/** @jsxImportSource hono/jsx */
import type { SurveyContext } from '@gs/db';
import { ErrorSummary, FieldError, Layout, type PageEnv } from './layout.tsx';
import type { LocalisedText } from '../service.ts';
import { IntroText, langIfOther, municipalityName, municipalityNameLang, nameLang, text } from './steps.tsx';

/** The first page of an open link: the intro and language choice, before any draft exists. */
export function OpenIntroView(props: {
  env: PageEnv;
  ctx: SurveyContext;
  municipalitySlug: string;
  langs: readonly string[];
  controller: LocalisedText;
  hasDraft: boolean;
  total: number;
}) {
  const { env, ctx } = props;
  const { t } = env.ui;
  const base = `/s/${ctx.round.slug}/${props.municipalitySlug}`;
  return (
    <Layout
      env={env}
      title={text(ctx.def.title, env.lang)}
      switcher={{ kind: 'links', langs: props.langs, href: (l) => `${base}?lang=${l}` }}
      progress={{ n: 1, total: props.total, label: t('introHeading') }}
    >
      <h1>{text(ctx.def.title, env.lang)}</h1>
      <IntroText v={{ env, ctx }} controller={props.controller} />
      <form method="post" action={base}>
        <input type="hidden" name="lang" value={env.lang} />
        {props.hasDraft ? (
          <>
            <p class="notice" lang={env.chromeLang}>
              {t('draftFound')}
            </p>
            <div class="actions" lang={env.chromeLang}>
              <button type="submit" name="go" value="new" class="button secondary">
                {t('startOver')}
              </button>
              <button type="submit" name="go" value="continue" class="button primary">
                {t('continueDraft')}
              </button>
            </div>
          </>
        ) : (
          <div class="actions" lang={env.chromeLang}>
            <button type="submit" name="go" value="start" class="button primary">
              {t('start')}
            </button>
          </div>
        )}
      </form>
    </Layout>
  );
}

export function MunicipalityListView(props: { env: PageEnv; ctx: SurveyContext; langs: readonly string[] }) {
  const { env, ctx } = props;
  return (
    <Layout
      env={env}
      title={text(ctx.def.title, env.lang)}
      switcher={{ kind: 'links', langs: props.langs, href: (l) => `/s/${ctx.round.slug}?lang=${l}` }}
    >
      <h1>{text(ctx.def.title, env.lang)}</h1>
      <h2 lang={env.chromeLang}>{env.ui.t('chooseMunicipality')}</h2>
      <ul class="link-list">
        {ctx.municipalities.map((m) => (
          <li>
            <a
              href={`/s/${ctx.round.slug}/${m.slug}?lang=${env.lang}`}
              lang={nameLang(municipalityNameLang(env.lang), env.lang)}
            >
              {municipalityName(m.names, env.lang)}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ThanksView(props: {
  env: PageEnv;
  roundSlug: string;
  another: { municipality: string; unit: string } | null;
  langs: readonly string[];
}) {
  const { env } = props;
  const { t } = env.ui;
  return (
    <Layout env={env} title={t('thanksHeading')}>
      <h1 lang={env.chromeLang}>{t('thanksHeading')}</h1>
      <p lang={env.chromeLang}>{t('thanksText')}</p>
      {props.another ? (
        <form method="post" action={`/s/${props.roundSlug}/another`}>
          <input type="hidden" name="lang" value={env.lang} />
          <input type="hidden" name="municipality" value={props.another.municipality} />
          <input type="hidden" name="unit" value={props.another.unit} />
          <p lang={env.chromeLang}>{t('anotherNote')}</p>
          <div class="actions" lang={env.chromeLang}>
            <button type="submit" class="button primary">
              {t('another')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p lang={env.chromeLang}>{t('anotherCode')}</p>
          <p lang={env.chromeLang}>
            <a href={`/s/code?lang=${env.lang}`}>{t('enterCode')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** A form with one code field: the one-time access code or the resume code. */
export function CodeFormView(props: {
  env: PageEnv;
  kind: 'access' | 'resume';
  value: string;
  error?: string;
  langs: readonly string[];
}) {
  const { env, kind } = props;
  const { t } = env.ui;
  const heading = kind === 'access' ? t('codeHeading') : t('resumePageHeading');
  const action = kind === 'access' ? '/s/code' : '/s/resume';
  // Switching language keeps a code filled in from a link (a resume link carries it in the path).
  const here =
    kind === 'resume' && props.value && !props.error ? `/s/resume/${encodeURIComponent(props.value)}` : action;
  return (
    <Layout
      env={env}
      title={heading}
      switcher={{ kind: 'links', langs: props.langs, href: (l) => `${here}?lang=${l}` }}
    >
      <ErrorSummary env={env} issues={props.error ? [{ href: '#code', text: props.error }] : []} />
      <h1 lang={env.chromeLang}>{heading}</h1>
      <p lang={env.chromeLang}>{kind === 'access' ? t('codeText') : t('resumePageText')}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="lang" value={env.lang} />
        <div class={`field${props.error ? ' has-error' : ''}`}>
          <label for="code" class="label" lang={env.chromeLang}>
            {kind === 'access' ? t('codeLabel') : t('resumeCodeLabel')}
          </label>
          <p class="hint" id="code-hint" lang={env.chromeLang}>
            {kind === 'access' ? t('codeHint') : ''}
          </p>
          <FieldError env={env} id="code-error" text={props.error} />
          <input
            type="text"
            id="code"
            name="code"
            class="code-input"
            value={props.value}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            dir="ltr"
            maxlength={40}
            aria-describedby={props.error ? 'code-hint code-error' : 'code-hint'}
            aria-invalid={props.error ? 'true' : undefined}
          />
        </div>
        <div class="actions" lang={env.chromeLang}>
          <button type="submit" class="button primary">
            {t('continue')}
          </button>
        </div>
      </form>
      {kind === 'access' ? (
        <p lang={env.chromeLang}>
          <a href={`/s/resume?lang=${env.lang}`}>{t('resumePageHeading')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function PrivacyView(props: {
  env: PageEnv;
  controller: LocalisedText;
  threshold: number;
  langs: readonly string[];
  back?: string;
}) {
  const { env } = props;
  const { t } = env.ui;
  return (
    <Layout
      env={env}
      title={t('privacyHeading')}
      switcher={{ kind: 'links', langs: props.langs, href: (l) => `/s/privacy?lang=${l}` }}
    >
      <div lang={env.chromeLang}>
        <h1>{t('privacyHeading')}</h1>
        <h2>{t('privacyStored')}</h2>
        <ul>
          {env.ui.list('privacyItems').map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <h2>{t('privacyNotStored')}</h2>
        <ul>
          {env.ui.list('privacyNotItems').map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <p>{t('privacyCookie')}</p>
        <p>{t('privacyDrafts')}</p>
        <p>{t('privacyResults', { threshold: props.threshold })}</p>
        <h2>{t('privacyController')}</h2>
      </div>
      <p lang={langIfOther(props.controller, env)}>{props.controller.text}</p>
    </Layout>
  );
}

/** A page with a heading, a sentence and an optional link (not found, not open, draft expired). */
export function MessageView(props: {
  env: PageEnv;
  heading: string;
  body: string;
  link?: { href: string; text: string };
}) {
  const { env } = props;
  return (
    <Layout env={env} title={props.heading}>
      <h1 lang={env.chromeLang}>{props.heading}</h1>
      <p lang={env.chromeLang}>{props.body}</p>
      {props.link ? (
        <p lang={env.chromeLang}>
          <a href={props.link.href}>{props.link.text}</a>
        </p>
      ) : null}
    </Layout>
  );
}
