import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import type { Municipality, Translations } from './console-types.ts';
import {
  ErrorNote,
  Field,
  Loading,
  PageTitle,
  TranslationsField,
  useAction,
  useFormat,
  useName,
  useResource,
  useSession,
} from './console-ui.tsx';
import { ImportPanel } from './import-panel.tsx';

export function MunicipalitiesPage() {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  const { session } = useSession();
  const coordinator = session.user.role === 'coordinator';
  const list = useResource<Municipality[]>('/api/console/municipalities');
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section>
      <PageTitle>{t('municipalities.title')}</PageTitle>
      <ErrorNote error={list.error} />
      {!list.data ? <Loading /> : null}
      {list.data ? (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t('municipalities.code')}</th>
              <th scope="col">{t('municipalities.name')}</th>
              <th scope="col" className="num">
                {t('municipalities.population')}
              </th>
              <th scope="col" className="num">
                {t('municipalities.units')}
              </th>
              <th scope="col">{t('municipalities.active')}</th>
              {coordinator ? (
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) =>
              editing === m.code ? (
                <tr key={m.code}>
                  <td colSpan={6}>
                    <MunicipalityForm
                      municipality={m}
                      onDone={() => {
                        setEditing(null);
                        list.reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={m.code}>
                  <td>{m.code}</td>
                  <th scope="row">{name(m.names)}</th>
                  <td className="num">{f.number(m.population)}</td>
                  <td className="num">{m.units}</td>
                  <td>{m.active ? t('yes') : t('no')}</td>
                  {coordinator ? (
                    <td>
                      <button type="button" className="secondary" onClick={() => setEditing(m.code)}>
                        {t('edit')}
                        <span className="visually-hidden"> {name(m.names)}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      {coordinator ? (
        <ImportPanel
          title={t('municipalities.import')}
          basePath="/api/console/municipalities/import"
          columns="code, name_fi, name_sv, name_en, population"
          example={
            'code;name_fi;name_sv;name_en;population\n398;Lahti;Lahtis;Lahti;121337\n081;Hartola;Gustav Adolfs;Hartola;2482'
          }
          onImported={list.reload}
        />
      ) : null}
    </section>
  );
}

function MunicipalityForm({ municipality: m, onDone }: { municipality: Municipality; onDone: () => void }) {
  const { t } = useConsoleT();
  const { announce } = useSession();
  const [names, setNames] = useState<Translations>(m.names);
  const [population, setPopulation] = useState(String(m.population));
  const [active, setActive] = useState(m.active);
  const { busy, error, run, fieldError } = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await run(() =>
      api(`/api/console/municipalities/${m.code}`, {
        method: 'PUT',
        body: { names, population: Number(population), active },
      }).then(() => true),
    );
    if (ok) {
      announce(t('savedName', { name: names.fi }));
      onDone();
    }
  }
  return (
    <form onSubmit={submit} className="console-form" noValidate>
      <h2>{t('municipalities.editTitle', { code: m.code })}</h2>
      <ErrorNote error={error && !fieldError('names') && !fieldError('population') ? error : null} />
      <TranslationsField
        legend={t('municipalities.name')}
        value={names}
        onChange={setNames}
        error={(l) => fieldError(`names.${l}`)}
      />
      <Field label={t('municipalities.population')} error={fieldError('population')}>
        {(p) => (
          <input {...p} type="number" min={0} value={population} onChange={(e) => setPopulation(e.target.value)} />
        )}
      </Field>
      <label className="console-check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{' '}
        {t('municipalities.activeLabel')}
      </label>
      <div className="console-actions">
        <button type="submit" disabled={busy}>
          {t('save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
