import type { ImportedMark } from '@gs/schema';

type Lang = 'fi' | 'sv' | 'en';

const TEXT = {
  fi: {
    tick: '(tuotu)',
    round: 'Tuotu kierros: tulokset on tehty aiemmalla työkalulla ja tuotu tähän palveluun.',
    source: 'Lähde',
    meansOnly: 'Tiedostossa oli vain keskiarvot ja vastaajamäärät, joten jakaumia ei voi näyttää.',
    years: 'Tuodut kierrokset (tehty aiemmalla työkalulla)',
  },
  sv: {
    tick: '(importerad)',
    round: 'Importerad omgång: resultaten togs fram med ett tidigare verktyg och importerades till den här tjänsten.',
    source: 'Källa',
    meansOnly: 'Filen hade bara medelvärden och antal svar, så fördelningar kan inte visas.',
    years: 'Importerade omgångar (gjorda med ett tidigare verktyg)',
  },
  en: {
    tick: '(imported)',
    round: 'Imported round: the results were produced in an earlier tool and imported into this service.',
    source: 'Source',
    meansOnly: 'The file had only means and numbers of answers, so no distributions can be shown.',
    years: 'Imported rounds (run in an earlier tool)',
  },
} as const;

const text = (lang: string) => TEXT[(lang in TEXT ? lang : 'fi') as Lang];

/** The short mark after an imported round's year (chart labels, table rows). */
export function importedTick(lang: string): string {
  return text(lang).tick;
}

/** A report of an imported round says so, with its source note (and when only means were imported). */
export function ImportedRoundNote({ imported, lang }: { imported: ImportedMark | undefined; lang: string }) {
  if (!imported) return null;
  const s = text(lang);
  return (
    <p className="report-note report-imported">
      {s.round} {s.source}: {imported.source}
      {imported.meansOnly ? ` ${s.meansOnly}` : ''}
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
  const s = text(lang);
  return (
    <p className="report-note report-imported">
      {s.years}: {imported.map((r) => `${r.year} (${s.source.toLowerCase()}: ${r.imported?.source})`).join('; ')}
    </p>
  );
}
