import { useState } from 'react';
import { useConsoleT } from './console-i18n.ts';
import type { ApprovedAnswer, RoundDetail } from './console-types.ts';
import { ErrorNote, Field, Link, Loading, useName, useResource, useSession } from './console-ui.tsx';

/** Approved open answers in their redacted form: coordinators all, a contact their municipality's. */
export function AnswersPanel({ round }: { round: RoundDetail }) {
  const { t } = useConsoleT();
  const name = useName();
  const { session } = useSession();
  const coordinator = session.user.role === 'coordinator';
  const [municipality, setMunicipality] = useState('');
  const query = coordinator && municipality ? `?municipality=${municipality}` : '';
  const answers = useResource<ApprovedAnswer[]>(`/api/console/rounds/${round.id}/open-answers/approved${query}`);
  const groups = new Map<string, ApprovedAnswer[]>();
  for (const a of answers.data ?? []) groups.set(a.item_key, [...(groups.get(a.item_key) ?? []), a]);
  return (
    <div>
      <p className="muted">{t('answers.help')}</p>
      <p className="muted console-small">{t('answers.smallUnits')}</p>
      {coordinator ? (
        <p>
          <Link href="/console/moderation">{t('answers.toQueue')}</Link>
        </p>
      ) : null}
      {coordinator ? (
        <Field label={t('municipality')}>
          {(p) => (
            <select {...p} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
              <option value="">{t('allMunicipalities')}</option>
              {round.municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {name(m.names)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <ErrorNote error={answers.error} />
      {!answers.data && !answers.error ? <Loading /> : null}
      {answers.data && answers.data.length === 0 ? <p>{t('answers.none')}</p> : null}
      {[...groups].map(([key, list]) => (
        <section key={key} className="console-answer-group">
          <h2>
            {name(list[0]?.item_text) || key} <span className="muted console-small">({list.length})</span>
          </h2>
          <ul className="console-answers">
            {list.map((a) => (
              <li key={a.id}>
                <blockquote>{a.text}</blockquote>
                <span className="muted console-small">
                  {name(a.municipality_names)}
                  {a.unit_names ? ` · ${name(a.unit_names)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
