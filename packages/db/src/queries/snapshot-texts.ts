import type { InstrumentDefinition, ReportItem, ReportSection, ScopeReport, Translations } from '@gs/schema';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { definitionOf } from './responses.ts';

/**
 * A report as a snapshot stores it: without the questionnaire's texts (section titles and item
 * texts in every language), which are the same in every scope of a round. They were about four
 * fifths of a stored report, written ~14,000 times when a national round is published; `withTexts`
 * puts them back from the round's questionnaire version when a snapshot is read. Versions stored
 * with their texts (before this) are read as they are.
 */
export type StoredReport = Omit<ScopeReport, 'sections'> & {
  sections: (Omit<ReportSection, 'title' | 'items'> & {
    title?: Translations;
    items: (Omit<ReportItem, 'text'> & { text?: Translations })[];
  })[];
};

export function withoutTexts(report: ScopeReport): StoredReport {
  return {
    ...report,
    sections: report.sections.map(({ title: _title, items, ...section }) => ({
      ...section,
      items: items.map(({ text: _text, ...item }) => item),
    })),
  };
}

interface Texts {
  sections: Map<string, Translations>;
  items: Map<string, Translations>;
}

const textsOfDefinition = new WeakMap<InstrumentDefinition, Texts>();

function textsOf(def: InstrumentDefinition): Texts {
  let texts = textsOfDefinition.get(def);
  if (!texts) {
    texts = {
      sections: new Map(def.sections.map((s) => [s.key, s.title])),
      items: new Map(def.sections.flatMap((s) => s.items.map((i): [string, Translations] => [i.key, i.text]))),
    };
    textsOfDefinition.set(def, texts);
  }
  return texts;
}

/** Stored reports (by snapshot id) with the texts of their round's questionnaire version put back. */
export async function withTexts(
  db: Kysely<Database>,
  rows: readonly { snapshotId: number; report: unknown }[],
): Promise<ScopeReport[]> {
  const ids = [...new Set(rows.map((r) => r.snapshotId))];
  if (ids.length === 0) return [];
  const { rows: versions } = await sql<{ id: number; version_id: number; texts_revision: number }>`
    select s.id, r.instrument_version_id as version_id, v.texts_revision
    from published_snapshot s
    join round r on r.id = s.round_id
    join instrument_version v on v.id = r.instrument_version_id
    where s.id in (${sql.join(ids)})`.execute(db);
  const texts = new Map<number, Texts>();
  for (const v of versions) texts.set(v.id, textsOf(await definitionOf(db, v.version_id, v.texts_revision)));
  return rows.map(({ snapshotId, report }) => {
    const stored = (typeof report === 'string' ? JSON.parse(report) : report) as StoredReport;
    const of = texts.get(snapshotId);
    return {
      ...stored,
      // Keys in the order a freshly computed report has them.
      sections: stored.sections.map(({ key, title, items, ...s }) => ({
        key,
        title: title ?? of?.sections.get(key) ?? {},
        ...s,
        items: items.map(({ key, type, text, ...i }) => ({ key, type, text: text ?? of?.items.get(key) ?? {}, ...i })),
      })),
    } as ScopeReport;
  });
}
