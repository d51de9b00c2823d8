import type { Kysely } from 'kysely';
import type { ImprovementKind } from '@gs/schema';
import type { Database } from '../database.ts';
import { recordAudit } from '../queries/audit.ts';

export interface DemoImprovementArea {
  round: string;
  /** Null: the region's target. */
  municipalityCode: string | null;
  kind: ImprovementKind;
  key: string;
  note: string;
}

/** The steering group's development targets from the 2023 ECEC results, followed up in the 2025 report. */
export const DEMO_IMPROVEMENT_AREAS: readonly DemoImprovementArea[] = [
  {
    round: '2023-ecec',
    municipalityCode: null,
    kind: 'theme',
    key: 'participation',
    note: 'Lasten osallisuus: yhteinen koulutus henkilöstölle syksyllä 2023.',
  },
  {
    round: '2023-ecec',
    municipalityCode: null,
    kind: 'item',
    key: 'cooperation_views_considered',
    note: 'Huoltajien näkemykset mukaan varhaiskasvatussuunnitelmakeskusteluihin kaikissa kunnissa.',
  },
  {
    round: '2023-ecec',
    municipalityCode: '398',
    kind: 'item',
    key: 'environment_group_size',
    note: 'Ryhmäkoot: Lahden varhaiskasvatuksen palveluverkkoselvitys 2024.',
  },
];

/**
 * Writes the demo's development targets as the steering member decided them, a month after
 * the round was published, with the audit lines the console would have written.
 */
export async function insertDemoImprovementAreas(
  tx: Kysely<Database>,
  ids: {
    rounds: ReadonlyMap<string, number>;
    municipalities: ReadonlyMap<string, number>;
    decider: { id: number; name: string };
  },
) {
  for (const a of DEMO_IMPROVEMENT_AREAS) {
    const roundId = ids.rounds.get(a.round);
    if (roundId === undefined) throw new Error(`no demo round '${a.round}'`);
    const decidedAt = new Date(`${a.round.slice(0, 4)}-05-22T09:00:00Z`);
    const row = await tx
      .insertInto('improvement_area')
      .values({
        round_id: roundId,
        municipality_id: a.municipalityCode === null ? null : (ids.municipalities.get(a.municipalityCode) ?? null),
        kind: a.kind,
        key: a.key,
        note: a.note,
        decided_by: ids.decider.id,
        decided_by_name: ids.decider.name,
        created_at: decidedAt,
        updated_at: decidedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: ids.decider.id,
      action: 'improvement_area.create',
      entity: 'improvement_area',
      entityId: row.id,
      details: {
        round: a.round,
        scope: a.municipalityCode === null ? 'region' : `municipality:${a.municipalityCode}`,
        kind: a.kind,
        key: a.key,
        note: a.note,
        demo: true,
      },
    });
  }
}
