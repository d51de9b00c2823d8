import { useState } from 'react';
import { useConsoleT } from './console-i18n.ts';
import type { InstrumentDetail, TranslationLanguage } from './console-types.ts';
import { Field, useSession } from './console-ui.tsx';
import { ImportPanel } from './import-panel.tsx';

/** The home languages a questionnaire is translated into, in the order the console lists them. */
export const HOME_LANGUAGES: readonly TranslationLanguage[] = ['uk', 'ru', 'ar', 'so', 'et'];

/** The file as base64 (the translation import's body, like the history import's). */
async function base64Of(file: File): Promise<{ file: { name: string; data: string } }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { file: { name: file.name, data: btoa(binary) } };
}

/** Per home language: texts translated of all, and whether guardians are offered it (every text translated). */
export function CompletenessTable({
  completeness,
  caption,
}: {
  completeness: InstrumentDetail['completeness'];
  caption: string;
}) {
  const { t } = useConsoleT();
  return (
    <table className="console-table console-small">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('translations.language')}</th>
          <th scope="col" className="num">
            {t('translations.translated')}
          </th>
          <th scope="col">{t('translations.offered')}</th>
        </tr>
      </thead>
      <tbody>
        {HOME_LANGUAGES.map((lang) => {
          const c = completeness[lang];
          return (
            <tr key={lang}>
              <th scope="row">{t(`translations.names.${lang}`)}</th>
              <td className="num">{t('translations.count', { n: c.translated, total: c.total })}</td>
              <td>{c.translated === c.total ? t('yes') : t('no')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A version's translations (issue 13.2): completeness per home language, export of one language
 * as XLIFF 2.0 or CSV, and (coordinators) import of the filled-in file through the usual
 * preview-then-import panel.
 */
export function TranslationsPanel({ detail: d, onImported }: { detail: InstrumentDetail; onImported: () => void }) {
  const { t } = useConsoleT();
  const { session } = useSession();
  const [language, setLanguage] = useState<TranslationLanguage>('et');
  const [format, setFormat] = useState<'xliff' | 'csv'>('xliff');
  const base = `/api/console/instruments/${d.id}/translations/${language}`;
  const fileName = `${d.family}-v${d.version}-${language}.${format === 'xliff' ? 'xlf' : 'csv'}`;
  return (
    <section className="console-panel" aria-labelledby="translations-title">
      <h2 id="translations-title">{t('translations.title')}</h2>
      <p className="muted">
        {t('translations.help')} {d.locked ? t('translations.lockedHelp') : ''}
      </p>
      <CompletenessTable completeness={d.completeness} caption={t('translations.caption')} />
      <h3>{t('translations.export')}</h3>
      <div className="console-form-row">
        <Field label={t('translations.language')}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as TranslationLanguage)}>
              {HOME_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`translations.names.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('translations.format')}>
          {(p) => (
            <select {...p} value={format} onChange={(e) => setFormat(e.target.value as 'xliff' | 'csv')}>
              <option value="xliff">{t('translations.formats.xliff')}</option>
              <option value="csv">{t('translations.formats.csv')}</option>
            </select>
          )}
        </Field>
      </div>
      <p>
        <a href={`${base}/export?format=${format}`} download={fileName}>
          {t('translations.download', { file: fileName })}
        </a>
      </p>
      {session.user.role === 'coordinator' ? (
        <ImportPanel
          key={language}
          title={t('translations.import', { language: t(`translations.names.${language}`) })}
          basePath={`${base}/import`}
          columns={`key, fi, sv, en, ${language}`}
          example={`"key";"fi";"sv";"en";"${language}"\n"item.interaction_staff_friendly";"Henkilöstö kohtaa lapseni…";"Personalen bemöter…";"The staff treat…";"…"`}
          help={t('translations.importHelp')}
          fileLabel={t('translations.file')}
          accept=".xlf,.xliff,.xml,.csv,.txt,.xlsx,application/xliff+xml,text/csv,text/plain"
          upload={base64Of}
          showTexts
          onImported={onImported}
        />
      ) : null}
    </section>
  );
}
