/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { RTL_LANGUAGES } from '@gs/schema';
import type { SurveyAssets } from '../assets.ts';
import { LANGUAGE_NAMES, type UiStrings } from '../i18n.ts';

/** What every page needs to know about the guardian's language and the built assets. */
export interface PageEnv {
  lang: string;
  /** The interface texts (packages/messages/src/survey) in the page language. */
  ui: UiStrings;
  assets: SurveyAssets;
  /** The lang attribute for interface text: `en` where the content language has no message file. */
  chromeLang?: string;
}

export function pageEnv(lang: string, ui: UiStrings, assets: SurveyAssets): PageEnv {
  return { lang, ui, assets, chromeLang: ui.lang === lang ? undefined : ui.lang };
}

export type LangSwitch =
  | { kind: 'links'; href: (lang: string) => string; langs: readonly string[] }
  | { kind: 'buttons'; form: string; langs: readonly string[] };

export interface IssueLink {
  href: string;
  text: string;
}

export function Layout(props: {
  env: PageEnv;
  title: string;
  switcher?: LangSwitch;
  progress?: { n: number; total: number; label: string };
  /** The action Enter takes in the step form; first in the document so the language buttons never are. */
  defaultSubmit?: { form: string; value: string; label: string };
  children?: Child;
}) {
  const { env, switcher, progress } = props;
  const { t } = env.ui;
  const dir = RTL_LANGUAGES.includes(env.lang) ? 'rtl' : 'ltr';
  return (
    <html lang={env.lang} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} – ${t('brand')}`}</title>
        <link rel="icon" href="data:," />
        {env.assets.css.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {env.assets.js ? <script type="module" src={env.assets.js} /> : null}
      </head>
      <body>
        {props.defaultSubmit ? (
          <button type="submit" form={props.defaultSubmit.form} name="go" value={props.defaultSubmit.value} hidden>
            {props.defaultSubmit.label}
          </button>
        ) : null}
        <a class="skip-link" href="#main" lang={env.chromeLang}>
          {t('skip')}
        </a>
        <header class="top">
          <p class="brand" lang={env.chromeLang}>
            {t('brand')}
          </p>
          {switcher ? <LanguageSwitch env={env} switcher={switcher} /> : null}
        </header>
        {progress ? (
          <div class="progress" lang={env.chromeLang}>
            <p class="progress-text">
              <span>{t('stepOf', { n: progress.n, total: progress.total })}</span>
              <span class="progress-label" lang={env.lang}>
                {progress.label}
              </span>
            </p>
            {/* An SVG bar: a style attribute would need style-src 'unsafe-inline' in the CSP. */}
            <svg
              class="progress-bar"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 100 1"
              preserveAspectRatio="none"
            >
              <rect class="progress-fill" width={Math.round((progress.n / progress.total) * 100)} height="1" />
            </svg>
          </div>
        ) : null}
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="foot" lang={env.chromeLang}>
          <a href={`/s/privacy?lang=${env.lang}`}>{t('privacyLink')}</a>
        </footer>
      </body>
    </html>
  );
}

function LanguageSwitch({ env, switcher }: { env: PageEnv; switcher: LangSwitch }) {
  return (
    <nav class="langs" aria-label={`${env.ui.t('language')} / Språk / Language`} lang={env.chromeLang}>
      <ul>
        {switcher.langs.map((l) => (
          <li>
            {l === env.lang ? (
              <span class="lang current" aria-current="true" lang={l}>
                {LANGUAGE_NAMES[l] ?? l}
              </span>
            ) : switcher.kind === 'links' ? (
              <a class="lang" href={switcher.href(l)} lang={l} hreflang={l}>
                {LANGUAGE_NAMES[l] ?? l}
              </a>
            ) : (
              <button class="lang" type="submit" form={switcher.form} name="go" value={`lang:${l}`} lang={l}>
                {LANGUAGE_NAMES[l] ?? l}
              </button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The list of problems at the top of a page, each linking to its field; focused on load. */
export function ErrorSummary({ env, issues }: { env: PageEnv; issues: IssueLink[] }) {
  if (issues.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" lang={env.chromeLang}>
        {env.ui.t('errorSummary')}
      </h2>
      <ul>
        {issues.map((i) => (
          <li>
            <a href={i.href} lang={env.chromeLang}>
              {i.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** An error message tied to its field by id (the field points at it with aria-describedby). */
export function FieldError({ env, id, text }: { env: PageEnv; id: string; text?: string }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id} lang={env.chromeLang}>
      <span class="visually-hidden">{env.ui.t('errorPrefix')} </span>
      {text}
    </p>
  );
}

/** Hidden fields every flow form carries: the draft token and the idempotency key of the final submit. */
export function FlowHiddenFields({ token, idem, lang }: { token: string; idem: string; lang: string }) {
  return (
    <>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="idem" value={idem} />
      <input type="hidden" name="lang" value={lang} />
    </>
  );
}

/** Renders a page with its doctype. */
export function renderPage(node: unknown): string {
  return `<!doctype html>${String(node)}`;
}
