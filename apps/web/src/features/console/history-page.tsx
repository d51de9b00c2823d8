import type { HistoryMapping, HistoryReport, ImportedRoundSummary } from '@gs/schema';
import { useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { tr, useLang } from '../../lib/i18n.ts';
import { useConsoleT } from './console-i18n.ts';
import { ErrorNote, Field, Loading, PageTitle, useAction, useFormat, useResource, useSession } from './console-ui.tsx';

type Lang = 'fi' | 'sv' | 'en';

const fi = {
  title: 'Aiempien kyselyjen tuonti',
  intro:
    'Ennen tätä palvelua muilla työkaluilla tehtyjen kyselyjen tulokset tuodaan koostetaulukkoina (CSV tai XLSX). Tuotu kierros julkaistaan ja merkitään tuoduksi kaikkialla, ja sitä suojataan kuten omia kierroksia.',
  listTitle: 'Tuodut kierrokset',
  none: 'Tuotuja kierroksia ei ole.',
  year: 'Vuosi',
  family: 'Kysely',
  source: 'Lähde',
  file: 'Tiedosto',
  rows: 'Rivejä',
  remove: (slug: string) => `Poista tuotu kierros ${slug}`,
  confirmRemove: (slug: string) => `Poistetaanko tuotu kierros ${slug} kokonaan? Sen luvut poistuvat raporteista.`,
  removed: (slug: string) => `Tuotu kierros ${slug} poistettu.`,
  newTitle: 'Tuo tiedosto',
  sourceHint: 'Mistä luvut ovat peräisin, esim. työkalu ja raportti. Näytetään raporteissa.',
  fileLabel: 'Valitse CSV- tai XLSX-tiedosto',
  fileHint:
    'Rivi kuntaa (ja valinnaisesti yksikköä) ja kysymystä kohden: joko vastausmäärät asteikon kohdittain (n_1–n_5, cant_say) tai keskiarvo ja n.',
  check: 'Tarkista tiedosto',
  issuesTitle: 'Tiedostossa on virheitä',
  nothing: (n: number) => `Tiedostossa on ${n} virhettä. Mitään ei tuoda ennen kuin ne on korjattu.`,
  line: 'Rivi',
  column: 'Sarake',
  problem: 'Virhe',
  read: (encoding: string, format: string) => `Luettu: ${encoding}, ${format}.`,
  formats: { counts: 'vastausmäärät asteikon kohdittain', means: 'keskiarvot ja n' } as Record<string, string>,
  mappingTitle: 'Kysymysten yhdistäminen',
  mappingHelp:
    'Yhdistä kunkin kysymyksen teksti lomakkeen väittämään. Ehdotukset perustuvat tekstien samankaltaisuuteen (0–100 %); vahvista jokainen. Kysymyksen voi jättää tuomatta.',
  theirQuestion: 'Kysymys tiedostossa',
  ourItem: (q: string) => `Lomakkeen väittämä kysymykselle: ${q}`,
  choose: '– valitse –',
  unmapped: 'Jätä tuomatta',
  suggested: 'Ehdotukset',
  others: 'Muut väittämät',
  score: (s: number) => `${Math.round(s * 100)} %`,
  useSuggestion: (item: string, score: string) => `Käytä ehdotusta ${score}: ${item}`,
  rowsOf: (n: number) => `${n} riviä`,
  undecided: (n: number) => `Vielä ${n} kysymystä yhdistämättä.`,
  preview: 'Esikatsele',
  previewTitle: 'Esikatselu: tallennettavat luvut',
  summary: (rows: number, m: number, items: number, unmapped: number) =>
    `${rows} riviä, ${m} kuntaa, ${items} väittämää` + (unmapped ? `; ${unmapped} riviä jää tuomatta` : '') + '.',
  municipality: 'Kunta',
  unit: 'Yksikkö',
  item: 'Väittämä',
  n: 'n',
  mean: 'Keskiarvo',
  meansOnly: 'Tiedostossa on vain keskiarvot ja n: jakaumia ei voi näyttää.',
  importNow: (n: number) => `Tuo ${n} riviä`,
  imported: (slug: string) => `Tuotu kierrokseksi ${slug}.`,
  unchanged: (slug: string) => `Sama tiedosto on jo tuotu (${slug}); mitään ei muutettu.`,
  families: { ecec: 'Varhaiskasvatus ja esiopetus', basic: 'Esi- ja perusopetus' } as Record<string, string>,
};
type HistoryDict = typeof fi;

const sv: HistoryDict = {
  title: 'Import av tidigare enkäter',
  intro:
    'Resultat av enkäter som gjorts med andra verktyg före den här tjänsten importeras som sammanställda tabeller (CSV eller XLSX). En importerad omgång publiceras, märks som importerad överallt och skyddas som våra egna.',
  listTitle: 'Importerade omgångar',
  none: 'Inga importerade omgångar.',
  year: 'År',
  family: 'Enkät',
  source: 'Källa',
  file: 'Fil',
  rows: 'Rader',
  remove: (slug: string) => `Radera den importerade omgången ${slug}`,
  confirmRemove: (slug: string) =>
    `Radera den importerade omgången ${slug} helt? Dess siffror försvinner från rapporterna.`,
  removed: (slug: string) => `Den importerade omgången ${slug} raderades.`,
  newTitle: 'Importera en fil',
  sourceHint: 'Var siffrorna kommer ifrån, t.ex. verktyg och rapport. Visas i rapporterna.',
  fileLabel: 'Välj en CSV- eller XLSX-fil',
  fileHint:
    'En rad per kommun (och valfritt enhet) och fråga: antingen antal svar per skalsteg (n_1–n_5, cant_say) eller medelvärde och n.',
  check: 'Granska filen',
  issuesTitle: 'Filen har fel',
  nothing: (n: number) => `Filen har ${n} fel. Ingenting importeras förrän de är rättade.`,
  line: 'Rad',
  column: 'Kolumn',
  problem: 'Fel',
  read: (encoding: string, format: string) => `Läst: ${encoding}, ${format}.`,
  formats: { counts: 'antal svar per skalsteg', means: 'medelvärden och n' },
  mappingTitle: 'Koppla frågorna',
  mappingHelp:
    'Koppla varje frågetext till ett påstående i formuläret. Förslagen bygger på hur lika texterna är (0–100 %); bekräfta vart och ett. En fråga kan lämnas oimporterad.',
  theirQuestion: 'Fråga i filen',
  ourItem: (q: string) => `Formulärets påstående för frågan: ${q}`,
  choose: '– välj –',
  unmapped: 'Importera inte',
  suggested: 'Förslag',
  others: 'Övriga påståenden',
  score: (s: number) => `${Math.round(s * 100)} %`,
  useSuggestion: (item: string, score: string) => `Använd förslaget ${score}: ${item}`,
  rowsOf: (n: number) => `${n} rader`,
  undecided: (n: number) => `${n} frågor är ännu inte kopplade.`,
  preview: 'Förhandsgranska',
  previewTitle: 'Förhandsgranskning: siffror som sparas',
  summary: (rows: number, m: number, items: number, unmapped: number) =>
    `${rows} rader, ${m} kommuner, ${items} påståenden` + (unmapped ? `; ${unmapped} rader importeras inte` : '') + '.',
  municipality: 'Kommun',
  unit: 'Enhet',
  item: 'Påstående',
  n: 'n',
  mean: 'Medelvärde',
  meansOnly: 'Filen har bara medelvärden och n: fördelningar kan inte visas.',
  importNow: (n: number) => `Importera ${n} rader`,
  imported: (slug: string) => `Importerad som omgången ${slug}.`,
  unchanged: (slug: string) => `Samma fil är redan importerad (${slug}); ingenting ändrades.`,
  families: { ecec: 'Småbarnspedagogik och förskola', basic: 'Förskola och grundläggande utbildning' },
};

const en: HistoryDict = {
  title: 'Import earlier surveys',
  intro:
    'Results of surveys run in other tools before this service come in as aggregated tables (CSV or XLSX). An imported round is published, marked as imported everywhere, and protected like our own.',
  listTitle: 'Imported rounds',
  none: 'No imported rounds.',
  year: 'Year',
  family: 'Survey',
  source: 'Source',
  file: 'File',
  rows: 'Rows',
  remove: (slug: string) => `Delete the imported round ${slug}`,
  confirmRemove: (slug: string) => `Delete the imported round ${slug} as a whole? Its figures leave the reports.`,
  removed: (slug: string) => `Imported round ${slug} deleted.`,
  newTitle: 'Import a file',
  sourceHint: 'Where the figures come from, e.g. the tool and report. Shown on the reports.',
  fileLabel: 'Choose a CSV or XLSX file',
  fileHint:
    'One row per municipality (optionally unit) and question: either answers per scale point (n_1–n_5, cant_say) or mean and n.',
  check: 'Check the file',
  issuesTitle: 'The file has problems',
  nothing: (n: number) => `The file has ${n} problems. Nothing is imported until they are fixed.`,
  line: 'Line',
  column: 'Column',
  problem: 'Problem',
  read: (encoding: string, format: string) => `Read as ${encoding}, ${format}.`,
  formats: { counts: 'answers per scale point', means: 'means and n' },
  mappingTitle: 'Map the questions',
  mappingHelp:
    'Link each question text to a statement of the questionnaire. Suggestions come from how alike the texts are (0–100 %); confirm each one. A question can stay unmapped.',
  theirQuestion: 'Question in the file',
  ourItem: (q: string) => `Questionnaire statement for: ${q}`,
  choose: '– choose –',
  unmapped: 'Leave unmapped',
  suggested: 'Suggestions',
  others: 'Other statements',
  score: (s: number) => `${Math.round(s * 100)} %`,
  useSuggestion: (item: string, score: string) => `Use the suggestion ${score}: ${item}`,
  rowsOf: (n: number) => `${n} rows`,
  undecided: (n: number) => `${n} questions still to map.`,
  preview: 'Preview',
  previewTitle: 'Preview: the figures to be stored',
  summary: (rows: number, m: number, items: number, unmapped: number) =>
    `${rows} rows, ${m} municipalities, ${items} statements` + (unmapped ? `; ${unmapped} rows left out` : '') + '.',
  municipality: 'Municipality',
  unit: 'Unit',
  item: 'Statement',
  n: 'n',
  mean: 'Mean',
  meansOnly: 'The file has means and n only: no distributions can be shown.',
  importNow: (n: number) => `Import ${n} rows`,
  imported: (slug: string) => `Imported as round ${slug}.`,
  unchanged: (slug: string) => `The same file is already imported (${slug}); nothing changed.`,
  families: { ecec: 'Early childhood and pre-primary education', basic: 'Pre-primary and basic education' },
};

const DICTS: Record<Lang, HistoryDict> = { fi, sv, en };

function useHistoryT(): HistoryDict {
  return DICTS[useLang().lang as Lang] ?? fi;
}

/** The bytes of a chosen file as base64 (the API takes the file inside JSON). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const UNMAPPED = '__unmapped';

function IssueTable({ report }: { report: HistoryReport }) {
  const h = useHistoryT();
  return (
    <div className="console-import-report">
      <h3>{h.issuesTitle}</h3>
      <p className="console-error">{h.nothing(report.issues.length)}</p>
      <div className="console-scroll">
        <table className="console-table console-small">
          <thead>
            <tr>
              <th scope="col">{h.line}</th>
              <th scope="col">{h.column}</th>
              <th scope="col">{h.problem}</th>
            </tr>
          </thead>
          <tbody>
            {report.issues.map((i) => (
              <tr key={`${i.line}/${i.column ?? ''}/${i.message}`}>
                <td>{i.line}</td>
                <td>{i.column ?? '–'}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One of their questions: the item it maps to, with suggestions and their scores first. */
function MappingRow({
  question,
  report,
  value,
  onChange,
}: {
  question: HistoryReport['questions'][number];
  report: HistoryReport;
  value: string;
  onChange: (v: string) => void;
}) {
  const h = useHistoryT();
  const { lang } = useLang();
  const text = (key: string) => {
    const item = report.items.find((i) => i.key === key);
    return item ? tr(item.text, lang) : key;
  };
  const suggested = new Set(question.suggestions.map((s) => s.key));
  const best = question.suggestions[0];
  return (
    <li className="history-question">
      <p className="history-their">
        <span className="muted console-small">{h.theirQuestion}: </span>
        <q>{question.text}</q> <span className="muted console-small">({h.rowsOf(question.rows)})</span>
      </p>
      <Field label={h.ourItem(question.text)}>
        {(p) => (
          <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{h.choose}</option>
            <option value={UNMAPPED}>{h.unmapped}</option>
            <optgroup label={h.suggested}>
              {question.suggestions.map((s) => (
                <option key={s.key} value={s.key}>
                  {`${h.score(s.score)} – ${text(s.key)}`}
                </option>
              ))}
            </optgroup>
            <optgroup label={h.others}>
              {report.items
                .filter((i) => !suggested.has(i.key))
                .map((i) => (
                  <option key={i.key} value={i.key}>
                    {tr(i.text, lang)}
                  </option>
                ))}
            </optgroup>
          </select>
        )}
      </Field>
      {best && value === '' ? (
        <button type="button" className="secondary" onClick={() => onChange(best.key)}>
          {h.useSuggestion(text(best.key), h.score(best.score))}
        </button>
      ) : null}
    </li>
  );
}

export function HistoryPage() {
  const { t } = useConsoleT();
  const h = useHistoryT();
  const f = useFormat();
  const { lang } = useLang();
  const { announce } = useSession();
  const list = useResource<{ rounds: ImportedRoundSummary[] }>('/api/console/history');
  const [family, setFamily] = useState<'ecec' | 'basic'>('ecec');
  const [year, setYear] = useState(String(new Date().getFullYear() - 4));
  const [source, setSource] = useState('');
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [report, setReport] = useState<HistoryReport | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<HistoryReport | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const resultRef = useRef<HTMLDivElement>(null);

  const body = (mapping?: HistoryMapping) => ({
    family,
    year: Number(year),
    source,
    file: file ?? { name: '', data: '' },
    ...(mapping ? { mapping } : {}),
  });
  const mapping = (): HistoryMapping =>
    Object.fromEntries(
      Object.entries(choices)
        .filter(([, v]) => v !== '')
        .map(([q, v]) => [q, v === UNMAPPED ? null : v]),
    );
  const undecided = report ? report.questions.filter((q) => !choices[q.text]).length : 0;
  const focusResult = () => setTimeout(() => resultRef.current?.focus(), 0);

  async function check() {
    setPreview(null);
    setDone(null);
    const r = await run(() =>
      api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body() }),
    );
    if (!r) return;
    setReport(r);
    setChoices(Object.fromEntries(r.questions.map((q) => [q.text, ''])));
    announce(r.issues.length ? h.nothing(r.issues.length) : h.undecided(r.questions.length));
    focusResult();
  }

  async function showPreview() {
    const r = await run(() =>
      api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body(mapping()) }),
    );
    if (!r) return;
    setPreview(r);
    announce(
      r.ok
        ? h.summary(r.counts.rows, r.counts.municipalities, r.counts.items, r.counts.unmapped)
        : h.nothing(r.issues.length),
    );
    focusResult();
  }

  async function doImport() {
    const r = await run(async () => {
      try {
        return await api<HistoryReport>('/api/console/history/import', { method: 'POST', body: body(mapping()) });
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          setPreview(
            await api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body(mapping()) }),
          );
          return undefined;
        }
        throw e;
      }
    });
    if (!r?.round) return;
    const message = r.round.unchanged ? h.unchanged(r.round.slug) : h.imported(r.round.slug);
    setDone(message);
    announce(message);
    setReport(null);
    setPreview(null);
    list.reload();
  }

  async function remove(round: ImportedRoundSummary) {
    if (!window.confirm(h.confirmRemove(round.slug))) return;
    const ok = await run(async () => {
      await api(`/api/console/history/${round.id}`, { method: 'DELETE' });
      return true;
    });
    if (!ok) return;
    setDone(h.removed(round.slug));
    announce(h.removed(round.slug));
    list.reload();
  }

  return (
    <section>
      <PageTitle>{h.title}</PageTitle>
      <p className="muted">{h.intro}</p>
      <h2>{h.listTitle}</h2>
      <ErrorNote error={list.error} />
      {!list.data ? <Loading /> : null}
      {list.data && list.data.rounds.length === 0 ? <p>{h.none}</p> : null}
      {list.data && list.data.rounds.length > 0 ? (
        <div className="console-scroll">
          <table className="console-table console-small">
            <thead>
              <tr>
                <th scope="col">{h.year}</th>
                <th scope="col">{h.family}</th>
                <th scope="col">{h.source}</th>
                <th scope="col">{h.file}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.year}</th>
                  <td>{h.families[r.family] ?? r.family}</td>
                  <td>{r.source}</td>
                  <td>
                    {r.fileName} ({f.number(r.rows)})
                  </td>
                  <td>
                    <button type="button" className="secondary" disabled={busy} onClick={() => void remove(r)}>
                      {h.remove(r.slug)}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {done ? (
        <p className="console-success" role="status">
          {done}
        </p>
      ) : null}

      <h2>{h.newTitle}</h2>
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <Field label={h.family} error={fieldError('family')}>
          {(p) => (
            <select {...p} value={family} onChange={(e) => setFamily(e.target.value as 'ecec' | 'basic')}>
              <option value="ecec">{h.families.ecec}</option>
              <option value="basic">{h.families.basic}</option>
            </select>
          )}
        </Field>
        <Field label={h.year} error={fieldError('year')}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1990}
              max={2100}
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          )}
        </Field>
        <Field label={h.source} hint={h.sourceHint} error={fieldError('source')}>
          {(p) => <input {...p} value={source} maxLength={500} onChange={(e) => setSource(e.target.value)} />}
        </Field>
        <Field label={h.fileLabel} hint={h.fileHint} error={fieldError('file')}>
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain"
              onChange={async (e) => {
                const chosen = e.target.files?.[0];
                setReport(null);
                setPreview(null);
                setFile(chosen ? { name: chosen.name, data: await fileBase64(chosen) } : null);
              }}
            />
          )}
        </Field>
        <div className="console-actions">
          <button type="submit" disabled={busy || !file}>
            {h.check}
          </button>
        </div>
      </form>
      <ErrorNote error={error} />

      <div ref={resultRef} tabIndex={-1}>
        {report && report.issues.length > 0 ? <IssueTable report={report} /> : null}
        {report && report.issues.length === 0 ? (
          <div className="history-mapping">
            <h2>{h.mappingTitle}</h2>
            <p className="muted console-small">
              {h.read(report.encoding, h.formats[report.format ?? ''] ?? '')} {h.mappingHelp}
            </p>
            {report.note ? <p className="console-notice">{h.meansOnly}</p> : null}
            <ol className="history-questions">
              {report.questions.map((q) => (
                <MappingRow
                  key={q.text}
                  question={q}
                  report={report}
                  value={choices[q.text] ?? ''}
                  onChange={(v) => {
                    setPreview(null);
                    setChoices({ ...choices, [q.text]: v });
                  }}
                />
              ))}
            </ol>
            <p role="status" className="console-small">
              {undecided ? h.undecided(undecided) : null}
            </p>
            <div className="console-actions">
              <button type="button" disabled={busy || undecided > 0} onClick={() => void showPreview()}>
                {h.preview}
              </button>
            </div>
          </div>
        ) : null}
        {preview && preview.issues.length > 0 ? <IssueTable report={preview} /> : null}
        {preview?.ok ? (
          <div className="console-import-report">
            <h2>{h.previewTitle}</h2>
            <p>
              {h.summary(
                preview.counts.rows,
                preview.counts.municipalities,
                preview.counts.items,
                preview.counts.unmapped,
              )}
            </p>
            {preview.note ? <p className="console-notice">{h.meansOnly}</p> : null}
            <div className="console-scroll">
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">{h.line}</th>
                    <th scope="col">{h.municipality}</th>
                    <th scope="col">{h.unit}</th>
                    <th scope="col">{h.item}</th>
                    <th scope="col">{h.n}</th>
                    <th scope="col">{h.mean}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => {
                    const item = preview.items.find((i) => i.key === r.itemKey);
                    return (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>{r.municipality}</td>
                        <td>{r.unit ?? '–'}</td>
                        <td>{item ? tr(item.text, lang) : r.itemKey}</td>
                        <td>{f.number(r.n)}</td>
                        <td>{r.mean === null ? '–' : r.mean.toLocaleString(lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="console-actions">
              <button type="button" disabled={busy} onClick={() => void doImport()}>
                {h.importNow(preview.counts.rows)}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
