import type { Translations } from '@gs/schema';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import { ErrorNote, useAction, useFormat, useName, useResource } from './console-ui.tsx';

interface HeldLine {
  municipalityId: number;
  municipalityNames: Translations;
  unitId: number | null;
  unitNames: Translations | null;
  n: number;
}

/**
 * Open-link responses that came in an implausible burst from one client: stored but not
 * counted until the coordinator releases them, or discarded. Shown only when there are some.
 */
export function HeldPanel({ roundId }: { roundId: number }) {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  const held = useResource<HeldLine[]>(`/api/console/rounds/${roundId}/held`, { every: 60_000 });
  const { busy, error, run } = useAction();
  if (!held.data || held.data.length === 0) return held.error ? <ErrorNote error={held.error} /> : null;
  const act = (verb: 'release' | 'discard', line: HeldLine) =>
    run(async () => {
      await api(`/api/console/rounds/${roundId}/held/${verb}`, {
        method: 'POST',
        body: { municipalityId: line.municipalityId, unitId: line.unitId },
      });
      held.reload();
    });
  return (
    <section className="console-held" aria-labelledby="held-heading">
      <h2 id="held-heading">{t('held.title')}</h2>
      <p>{t('held.explain')}</p>
      <ErrorNote error={error} />
      <table className="console-table">
        <thead>
          <tr>
            <th scope="col">{t('municipality')}</th>
            <th scope="col">{t('unit')}</th>
            <th scope="col" className="num">
              {t('held.count')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('held.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {held.data.map((line) => {
            const where = `${name(line.municipalityNames)}${line.unitNames ? `, ${name(line.unitNames)}` : ''}`;
            return (
              <tr key={`${line.municipalityId}:${line.unitId ?? 'none'}`}>
                <td>{name(line.municipalityNames)}</td>
                <td>{line.unitNames ? name(line.unitNames) : t('progress.noUnit')}</td>
                <td className="num">{f.number(line.n)}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => act('release', line)}
                    aria-label={t('held.releaseOf', { where })}
                  >
                    {t('held.release')}
                  </button>{' '}
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(t('held.confirmDiscard', { n: f.number(line.n), where })))
                        act('discard', line);
                    }}
                    aria-label={t('held.discardOf', { where })}
                  >
                    {t('held.discard')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
