import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import type { BaseCounts, RoundDetail, Unit } from './console-types.ts';
import { ErrorNote, Field, Loading, useAction, useFormat, useName, useResource, useSession } from './console-ui.tsx';
import { ImportPanel } from './import-panel.tsx';

type Grid = Record<string, string>;
const cellKey = (unitId: number | null, group: string) => `${unitId ?? 'm'}/${group}`;

/** Enrolled children per unit and group for a round: the denominators of the response rates. */
export function BaseCountsPanel({ round }: { round: RoundDetail }) {
  const { t } = useConsoleT();
  const name = useName();
  const { session } = useSession();
  const canEdit = session.user.role !== 'steering_group';
  const counts = useResource<BaseCounts>(`/api/console/rounds/${round.id}/base-counts`);
  const [municipality, setMunicipality] = useState(round.municipalities[0]?.code ?? '');
  const units = useResource<Unit[]>(municipality ? `/api/console/units?municipality=${municipality}` : null);
  if (!counts.data) return counts.error ? <ErrorNote error={counts.error} /> : <Loading />;
  const first = round.municipalities[0];
  const example = [
    'municipality_code;unit_code;group_key;enrolled',
    `${first?.code ?? '398'};;${counts.data.groupKeys[0] ?? 'group'};120`,
    `${first?.code ?? '398'};UNIT-1;${counts.data.groupKeys[1] ?? counts.data.groupKeys[0] ?? 'group'};45`,
  ].join('\n');
  return (
    <div>
      <p className="muted">{t('baseCounts.help')}</p>
      {round.municipalities.length > 1 ? (
        <Field label={t('municipality')}>
          {(p) => (
            <select {...p} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
              {round.municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {name(m.names)} ({m.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {units.data ? (
        <CountsGrid
          key={`${municipality}/${JSON.stringify(counts.data.rows)}`}
          round={round}
          municipalityCode={municipality}
          counts={counts.data}
          units={units.data.filter(
            (u) =>
              (counts.data?.unitKinds.includes(u.kind) &&
                u.active_from <= round.year &&
                (u.active_to === null || u.active_to >= round.year)) ||
              counts.data?.rows.some((r) => r.unit_id === u.id),
          )}
          canEdit={canEdit}
          onSaved={counts.reload}
        />
      ) : (
        <Loading />
      )}
      {canEdit ? (
        <ImportPanel
          title={t('baseCounts.import')}
          basePath={`/api/console/rounds/${round.id}/base-counts/import`}
          columns="municipality_code, unit_code, group_key, enrolled"
          example={example}
          onImported={counts.reload}
        />
      ) : null}
    </div>
  );
}

function CountsGrid({
  round,
  municipalityCode,
  counts,
  units,
  canEdit,
  onSaved,
}: {
  round: RoundDetail;
  municipalityCode: string;
  counts: BaseCounts;
  units: Unit[];
  canEdit: boolean;
  onSaved: () => void;
}) {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  const { announce } = useSession();
  const mine = counts.rows.filter((r) => r.municipality_code === municipalityCode);
  const initial: Grid = {};
  for (const r of mine) initial[cellKey(r.unit_id, r.group_key)] = String(r.enrolled);
  const [grid, setGrid] = useState<Grid>(initial);
  const { busy, error, run, fieldError } = useAction();
  const lines: { id: number | null; label: string }[] = [
    ...units.map((u) => ({ id: u.id, label: `${name(u.names)} (${u.code})` })),
    { id: null, label: t('baseCounts.noUnit') },
  ];
  const total = Object.values(grid).reduce((s, v) => s + (Number(v) || 0), 0);

  async function save(e: FormEvent) {
    e.preventDefault();
    const rows = Object.entries(grid)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => {
        const [u, groupKey] = k.split('/') as [string, string];
        return { unitId: u === 'm' ? null : Number(u), groupKey, enrolled: Number(v) };
      });
    const ok = await run(() =>
      api(`/api/console/rounds/${round.id}/base-counts`, { method: 'PUT', body: { municipalityCode, rows } }).then(
        () => true,
      ),
    );
    if (ok) {
      announce(t('baseCounts.saved'));
      onSaved();
    }
  }

  return (
    <form onSubmit={save} noValidate>
      <ErrorNote error={error} />
      {fieldError('rows') ? <p className="console-field-error">{fieldError('rows')}</p> : null}
      <div className="console-scroll">
        <table className="console-table console-grid">
          <caption>{t('baseCounts.caption', { code: municipalityCode, total: f.number(total) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('unit')}</th>
              {counts.groups.map((g) => (
                <th scope="col" key={g.key} className="num">
                  {name(g.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id ?? 'm'}>
                <th scope="row">{line.label}</th>
                {counts.groups.map((g) => {
                  const k = cellKey(line.id, g.key);
                  return (
                    <td key={g.key} className="num">
                      {canEdit ? (
                        <input
                          type="number"
                          min={0}
                          inputMode="numeric"
                          className="console-count"
                          aria-label={`${line.label}: ${name(g.label)}`}
                          value={grid[k] ?? ''}
                          onChange={(e) => setGrid((old) => ({ ...old, [k]: e.target.value }))}
                        />
                      ) : (
                        (grid[k] ?? '–')
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <div className="console-actions">
          <button type="submit" disabled={busy}>
            {t('baseCounts.save')}
          </button>
        </div>
      ) : null}
    </form>
  );
}
