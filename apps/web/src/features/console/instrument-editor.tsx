import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useConsoleT } from './console-i18n.ts';
import type { InstrumentDetail, InstrumentItem, Lineage, Translations } from './console-types.ts';
import { HOME_LANGUAGES, TranslationsPanel } from './translations-panel.tsx';
import {
  ErrorNote,
  Field,
  Link,
  Loading,
  PageTitle,
  TranslationsField,
  useAction,
  useName,
  useResource,
  useSession,
} from './console-ui.tsx';

interface DraftItem {
  item: InstrumentItem;
  lineage: Lineage;
}
interface DraftSection {
  key: string;
  title: Translations;
  description?: Translations;
  items: DraftItem[];
}
interface Draft {
  title: Translations;
  intro: Translations;
  estimatedMinutes: number;
  sections: DraftSection[];
}

function draftOf(d: InstrumentDetail): Draft {
  const def = d.definition;
  return {
    title: def.title,
    intro: def.intro,
    estimatedMinutes: def.estimatedMinutes,
    sections: def.sections.map((s) => ({
      ...s,
      items: s.items.map((item) => ({ item, lineage: d.lineage[item.key] ?? 'new' })),
    })),
  };
}

/**
 * The draft with the editor's own languages only: home-language translations are the translation
 * import's, and the server keeps (or, by lineage, reuses or drops) them, so a page opened before an
 * import cannot bring old ones back.
 */
function withoutHomeLanguages(draft: Draft): Draft {
  const strip = <T extends Translations | undefined>(x: T): T => {
    if (!x) return x;
    const out: Record<string, string | undefined> = { ...x };
    for (const l of HOME_LANGUAGES) delete out[l];
    return out as T;
  };
  return {
    ...draft,
    title: strip(draft.title),
    intro: strip(draft.intro),
    sections: draft.sections.map((s) => ({
      ...s,
      title: strip(s.title),
      ...(s.description ? { description: strip(s.description) } : {}),
      items: s.items.map((i) => ({ ...i, item: { ...i.item, text: strip(i.item.text) } })),
    })),
  };
}

export function InstrumentEditor({ id }: { id: number }) {
  const { t } = useConsoleT();
  const { session } = useSession();
  const detail = useResource<InstrumentDetail>(`/api/console/instruments/${id}`);
  const d = detail.data;
  const editable = d && !d.locked && session.user.role === 'coordinator';
  return (
    <section>
      <p className="console-breadcrumb">
        <Link href="/console/instruments">{t('nav.instruments')}</Link> ›
      </p>
      <ErrorNote error={detail.error} />
      {!d ? (
        detail.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <PageTitle>{t('instruments.editorTitle', { family: t(`families.${d.family}`), v: d.version })}</PageTitle>
          <p className="muted">
            {d.locked ? t('instruments.lockedHelp', { n: d.rounds }) : t('instruments.draftHelp')}
            {d.basedOn ? ` ${t('instruments.basedOn', { v: d.basedOn.version })}` : ''}
          </p>
          <TranslationsPanel detail={d} onImported={detail.reload} />
          {editable ? <Editor detail={d} onSaved={detail.reload} /> : <ReadOnly detail={d} />}
        </>
      )}
    </section>
  );
}

function LineageBadge({ lineage }: { lineage: Lineage | 'removed' }) {
  const { t } = useConsoleT();
  return <span className={`console-badge console-lineage-${lineage}`}>{t(`lineage.${lineage}`)}</span>;
}

function ReadOnly({ detail: d }: { detail: InstrumentDetail }) {
  const { t } = useConsoleT();
  const name = useName();
  return (
    <div>
      {d.definition.sections.map((s) => (
        <section key={s.key} className="console-panel">
          <h2>{name(s.title)}</h2>
          <ol className="console-items">
            {s.items.map((i) => (
              <li key={i.key}>
                <LineageBadge lineage={d.lineage[i.key] ?? 'new'} /> {name(i.text)}{' '}
                <span className="muted console-small">
                  ({i.key}, {t(`itemTypes.${i.type}`)})
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
      {d.removed.length ? (
        <section className="console-panel">
          <h2>{t('instruments.removedTitle')}</h2>
          <ul>
            {d.removed.map((k) => (
              <li key={k}>
                <LineageBadge lineage="removed" /> <code>{k}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function Editor({ detail: d, onSaved }: { detail: InstrumentDetail; onSaved: () => void }) {
  const { t } = useConsoleT();
  const name = useName();
  const { announce } = useSession();
  const [draft, setDraft] = useState<Draft>(() => draftOf(d));
  const { busy, error, run, fieldError } = useAction();
  const baseItems = new Map(
    d.basedOn?.definition.sections.flatMap((s) => s.items.map((i) => [i.key, i] as const)) ?? [],
  );
  const present = new Set(draft.sections.flatMap((s) => s.items.map((i) => i.item.key)));
  const removed = [...baseItems.keys()].filter((k) => !present.has(k));

  const setSection = (si: number, fn: (s: DraftSection) => DraftSection) =>
    setDraft((old) => ({ ...old, sections: old.sections.map((s, i) => (i === si ? fn(s) : s)) }));
  const setItem = (si: number, ii: number, fn: (i: DraftItem) => DraftItem) =>
    setSection(si, (s) => ({ ...s, items: s.items.map((x, i) => (i === ii ? fn(x) : x)) }));

  function restore(key: string) {
    const item = baseItems.get(key);
    if (!item) return;
    const home = d.basedOn?.definition.sections.find((x) => x.items.some((i) => i.key === key))?.key;
    const si = Math.max(
      0,
      draft.sections.findIndex((x) => x.key === home),
    );
    setSection(si, (x) => ({ ...x, items: [...x.items, { item, lineage: 'same' }] }));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const ok = await run(() =>
      api(`/api/console/instruments/${d.id}`, { method: 'PUT', body: withoutHomeLanguages(draft) }).then(() => true),
    );
    if (ok) {
      announce(t('instruments.saved'));
      onSaved();
    }
  }
  async function discard() {
    const ok = await run(() => api(`/api/console/instruments/${d.id}`, { method: 'DELETE' }).then(() => true));
    if (ok) navigate('/console/instruments');
  }

  return (
    <form onSubmit={save} className="console-form" noValidate>
      <ErrorNote error={error} />
      {fieldError('sections') ? <p className="console-field-error">{fieldError('sections')}</p> : null}
      <TranslationsField
        legend={t('instruments.surveyTitle')}
        value={draft.title}
        onChange={(title) => setDraft({ ...draft, title })}
      />
      <TranslationsField
        legend={t('instruments.intro')}
        value={draft.intro}
        multiline
        onChange={(intro) => setDraft({ ...draft, intro })}
      />
      <Field label={t('instruments.minutes')} error={fieldError('estimatedMinutes')}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            max={60}
            value={draft.estimatedMinutes}
            onChange={(e) => setDraft({ ...draft, estimatedMinutes: Number(e.target.value) })}
          />
        )}
      </Field>
      {draft.sections.map((s, si) => (
        <fieldset key={s.key} className="console-panel console-section">
          <legend>{t('instruments.section', { n: si + 1, title: name(s.title) })}</legend>
          <TranslationsField
            legend={t('instruments.sectionTitle')}
            value={s.title}
            onChange={(title) => setSection(si, (x) => ({ ...x, title }))}
          />
          <ol className="console-items">
            {s.items.map((it, ii) => {
              const base = baseItems.get(it.item.key);
              const reworded = base && JSON.stringify(base.text) !== JSON.stringify(it.item.text);
              return (
                <li key={`${it.item.key}-${ii}`} className="console-item">
                  <fieldset>
                    <legend>
                      <LineageBadge lineage={it.lineage} /> <code>{it.item.key}</code> ·{' '}
                      {t(`itemTypes.${it.item.type}`)}
                    </legend>
                    {base ? null : (
                      <div className="console-form-row">
                        <Field
                          label={t('instruments.itemKey')}
                          hint={t('instruments.itemKeyHint')}
                          error={fieldError(`sections.${si}.items.${ii}.item.key`)}
                        >
                          {(p) => (
                            <input
                              {...p}
                              value={it.item.key}
                              onChange={(e) =>
                                setItem(si, ii, (x) => ({ ...x, item: { ...x.item, key: e.target.value } }))
                              }
                            />
                          )}
                        </Field>
                        <Field label={t('instruments.itemType')}>
                          {(p) => (
                            <select
                              {...p}
                              value={it.item.type}
                              onChange={(e) => {
                                const type = e.target.value as InstrumentItem['type'];
                                const item: InstrumentItem =
                                  type === 'open'
                                    ? { key: it.item.key, type, text: it.item.text, maxLength: 1000 }
                                    : {
                                        key: it.item.key,
                                        type,
                                        scale: type === 'grade' ? 'grade4_10' : 'agree5',
                                        text: it.item.text,
                                        required: false,
                                      };
                                setItem(si, ii, (x) => ({ ...x, item }));
                              }}
                            >
                              <option value="statement">{t('itemTypes.statement')}</option>
                              <option value="grade">{t('itemTypes.grade')}</option>
                              <option value="open">{t('itemTypes.open')}</option>
                            </select>
                          )}
                        </Field>
                      </div>
                    )}
                    <TranslationsField
                      legend={t('instruments.itemText')}
                      value={it.item.text}
                      multiline
                      error={(l) => fieldError(`sections.${si}.items.${ii}.item.text.${l}`)}
                      onChange={(text) => setItem(si, ii, (x) => ({ ...x, item: { ...x.item, text } }))}
                    />
                    {base ? (
                      <Field
                        label={t('instruments.lineageLabel')}
                        hint={
                          reworded && it.lineage === 'same' ? t('instruments.reworded') : t('instruments.lineageHint')
                        }
                        error={fieldError(`sections.${si}.items.${ii}.lineage`)}
                      >
                        {(p) => (
                          <select
                            {...p}
                            value={it.lineage}
                            onChange={(e) => setItem(si, ii, (x) => ({ ...x, lineage: e.target.value as Lineage }))}
                          >
                            <option value="same">{t('lineage.same')}</option>
                            <option value="changed">{t('lineage.changed')}</option>
                          </select>
                        )}
                      </Field>
                    ) : null}
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setSection(si, (x) => ({ ...x, items: x.items.filter((_, i) => i !== ii) }))}
                    >
                      {t('instruments.removeItem')}
                      <span className="visually-hidden"> {it.item.key}</span>
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setSection(si, (x) => ({
                ...x,
                items: [
                  ...x.items,
                  {
                    item: {
                      key: `${x.key}_new_${x.items.length + 1}`,
                      type: 'statement',
                      scale: 'agree5',
                      required: false,
                      text: { fi: '', sv: '', en: '' },
                    },
                    lineage: 'new',
                  },
                ],
              }))
            }
          >
            {t('instruments.addItem')}
          </button>
        </fieldset>
      ))}
      {removed.length ? (
        <section className="console-panel">
          <h2>{t('instruments.removedTitle')}</h2>
          <ul>
            {removed.map((k) => (
              <li key={k}>
                <LineageBadge lineage="removed" /> <code>{k}</code> {name(baseItems.get(k)?.text)}{' '}
                <button type="button" className="secondary" onClick={() => restore(k)}>
                  {t('instruments.restore')}
                  <span className="visually-hidden"> {k}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="console-actions console-sticky-actions">
        <button type="submit" disabled={busy}>
          {t('save')}
        </button>
        {d.latest ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => void discard()}>
            {t('instruments.discard')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
