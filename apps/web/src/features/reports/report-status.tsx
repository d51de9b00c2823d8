import type { ReactNode } from 'react';
import { onLinkClick } from '../../lib/router.ts';
import type { Loaded } from './report-data.ts';
import type { ReportT } from './report-i18n.ts';

/** A page's state in one line: read out politely while loading, as an alert when something failed. */
export function Status({ text, role }: { text: string; role?: 'alert' }) {
  return (
    <p className="report-status" role={role} aria-live={role ? undefined : 'polite'}>
      {text}
    </p>
  );
}

/** Why figures did not load: not published yet, sign in for live figures, not the reader's to see, or an error. */
export function failureText(loaded: Loaded<unknown>, t: ReportT, signedIn: boolean): string {
  if (loaded.state !== 'error') return t('error');
  const { status, field } = loaded.error;
  // A municipality contact's live figures move by whole units, so they are not split by group or language.
  if (status === 403 && (field === 'group' || field === 'language')) return t('liveSplitForbidden');
  if (status === 404) return signedIn ? t('notFound') : `${t('notYet')} ${t('signInForLive')}`;
  if (status === 401) return t('signInForLive');
  if (status === 403) return t('forbidden');
  return t('error');
}

/** A page that could not be shown: its title, why, and where to go instead. */
export function FailureSection(props: { id: string; title: string; text: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <h1 id={props.id}>{props.title}</h1>
      <Status text={props.text} role="alert" />
      {props.children}
    </section>
  );
}

/** Where a reader can go after a failure: the links that apply (null for one that does not), then all rounds. */
export function FailureLinks({ links, t }: { links: readonly ({ href: string; text: string } | null)[]; t: ReportT }) {
  return (
    <ul>
      {links.map(
        (l) =>
          l && (
            <li key={l.text}>
              <a href={l.href} onClick={onLinkClick}>
                {l.text}
              </a>
            </li>
          ),
      )}
      <li>
        <a href="/reports" onClick={onLinkClick}>
          {t('allRounds')}
        </a>
      </li>
    </ul>
  );
}
