import { createTranslator } from '@gs/messages';
import { reports } from '@gs/messages/reports';
import type { ImportedMark } from '@gs/schema';

/** The imported-round notes: keys `imported.*` of the report texts (`packages/messages/src/reports`). */
const textOf = (lang: string) => createTranslator(reports, lang).t;

/** The short mark after an imported round's year (chart labels, table rows). */
export function importedTick(lang: string): string {
  return textOf(lang)('imported.tick');
}

/** A report of an imported round says so, with its source note (and when only means were imported). */
export function ImportedRoundNote({ imported, lang }: { imported: ImportedMark | undefined; lang: string }) {
  if (!imported) return null;
  const t = textOf(lang);
  return (
    <p className="report-note report-imported">
      {t('imported.round', { source: imported.source })}
      {imported.meansOnly ? ` ${t('imported.meansOnly')}` : ''}
    </p>
  );
}

/** On a trend: which of its rounds were imported, each with its source note. */
export function ImportedRoundsNote({
  rounds,
  lang,
}: {
  rounds: readonly { year: number; imported?: ImportedMark | undefined }[];
  lang: string;
}) {
  const imported = rounds.filter((r) => r.imported);
  if (imported.length === 0) return null;
  const t = textOf(lang);
  const list = imported.map((r) => t('imported.year', { year: String(r.year), source: r.imported?.source ?? '' }));
  return <p className="report-note report-imported">{t('imported.years', { list: list.join('; ') })}</p>;
}
