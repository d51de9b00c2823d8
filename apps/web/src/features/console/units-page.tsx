import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import type { Municipality, Translations, Unit } from './console-types.ts';
import {
  ErrorNote,
  Field,
  Loading,
  PageTitle,
  TranslationsField,
  useAction,
  useName,
  useResource,
  useSession,
} from './console-ui.tsx';
import { ImportPanel } from './import-panel.tsx';

const KINDS = ['ecec', 'pre_primary', 'school'] as const;
const PROVIDERS = ['municipal', 'private'] as const;

export function UnitsPage() {
  const { t } = useConsoleT();
  const name = useName();
  const { session } = useSession();
  const canEdit = session.user.role !== 'steering_group';
  const municipalities = useResource<Municipality[]>('/api/console/municipalities');
  const [municipality, setMunicipality] = useState(session.user.municipalityCode ?? '');
  const chosen = municipality || municipalities.data?.[0]?.code || '';
  const units = useResource<Unit[]>(chosen ? `/api/console/units?municipality=${chosen}` : null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = (units.data ?? []).filter(
    (u) => !q || u.code.toLowerCase().includes(q) || Object.values(u.names).some((n) => n?.toLowerCase().includes(q)),
  );
  return (
    <section>
      <PageTitle>{t('units.title')}</PageTitle>
      <ErrorNote error={municipalities.error} />
      {municipalities.data && municipalities.data.length > 1 ? (
        <Field label={t('municipality')}>
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => setMunicipality(e.target.value)}>
              {municipalities.data?.map((m) => (
                <option key={m.code} value={m.code}>
                  {name(m.names)} ({m.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {canEdit && editing === null ? (
        <div className="console-actions">
          <button type="button" onClick={() => setEditing('new')}>
            {t('units.add')}
          </button>
        </div>
      ) : null}
      {editing === 'new' ? (
        <UnitForm
          municipalityCode={chosen}
          onDone={() => {
            setEditing(null);
            units.reload();
          }}
        />
      ) : null}
      {canEdit ? (
        <ImportPanel
          title={t('units.import')}
          basePath="/api/console/units/import"
          columns="municipality_code, code, name_fi, name_sv, name_en, kind, provider, active_from, active_to"
          example={`municipality_code;code;name_fi;name_sv;name_en;kind;provider;active_from;active_to\n${chosen || '398'};K-01;Kivimaan koulu;Kivimaa skola;Kivimaa school;school;municipal;2005;\n${chosen || '398'};PK-07;Päiväkoti Aurinko;Daghemmet Solen;Sun daycare;ecec;private;2018;2026`}
          onImported={units.reload}
        />
      ) : null}
      <ErrorNote error={units.error} />
      {!units.data && !units.error ? <Loading /> : null}
      {units.data && units.data.length === 0 ? <p>{t('units.none')}</p> : null}
      {units.data && units.data.length > 0 ? (
        <Field label={t('units.search')}>
          {(p) => <input {...p} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />}
        </Field>
      ) : null}
      {units.data && units.data.length > 0 ? (
        <table className="console-table">
          <caption className="visually-hidden">{t('units.shown', { n: shown.length, all: units.data.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('units.code')}</th>
              <th scope="col">{t('units.name')}</th>
              <th scope="col">{t('units.kind')}</th>
              <th scope="col">{t('units.provider')}</th>
              <th scope="col">{t('units.years')}</th>
              {canEdit ? (
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((u) =>
              editing === u.id ? (
                <tr key={u.id}>
                  <td colSpan={6}>
                    <UnitForm
                      unit={u}
                      municipalityCode={u.municipality_code}
                      onDone={() => {
                        setEditing(null);
                        units.reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={u.id}>
                  <td>{u.code}</td>
                  <th scope="row">{name(u.names)}</th>
                  <td>{t(`kinds.${u.kind}`)}</td>
                  <td>{t(`providers.${u.provider}`)}</td>
                  <td>
                    {u.active_from}–{u.active_to ?? ''}
                  </td>
                  {canEdit ? (
                    <td>
                      <button type="button" className="secondary" onClick={() => setEditing(u.id)}>
                        {t('edit')}
                        <span className="visually-hidden"> {name(u.names)}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function UnitForm({ unit, municipalityCode, onDone }: { unit?: Unit; municipalityCode: string; onDone: () => void }) {
  const { t } = useConsoleT();
  const { announce } = useSession();
  const [code, setCode] = useState(unit?.code ?? '');
  const [names, setNames] = useState<Translations>(unit?.names ?? { fi: '', sv: '', en: '' });
  const [kind, setKind] = useState<Unit['kind']>(unit?.kind ?? 'school');
  const [provider, setProvider] = useState<Unit['provider']>(unit?.provider ?? 'municipal');
  const [activeFrom, setActiveFrom] = useState(String(unit?.active_from ?? new Date().getFullYear()));
  const [activeTo, setActiveTo] = useState(unit?.active_to ? String(unit.active_to) : '');
  const { busy, error, run, fieldError } = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      names,
      kind,
      provider,
      activeFrom: Number(activeFrom),
      activeTo: activeTo.trim() ? Number(activeTo) : null,
    };
    const ok = await run(() =>
      api('/api/console/units', { method: 'POST', body: { ...body, municipalityCode, code } }).then(() => true),
    );
    if (ok) {
      announce(t('savedName', { name: names.fi }));
      onDone();
    }
  }
  const known = ['code', 'names', 'kind', 'provider', 'activeFrom', 'activeTo'];
  return (
    <form onSubmit={submit} className="console-form console-panel" noValidate>
      <h2>{unit ? t('units.editTitle', { code: unit.code }) : t('units.addTitle', { code: municipalityCode })}</h2>
      <ErrorNote error={error && !known.some((k) => fieldError(k)) ? error : null} />
      {unit ? null : (
        <Field label={t('units.code')} hint={t('units.codeHint')} error={fieldError('code')}>
          {(p) => <input {...p} value={code} onChange={(e) => setCode(e.target.value)} />}
        </Field>
      )}
      <TranslationsField
        legend={t('units.name')}
        value={names}
        onChange={setNames}
        error={(l) => fieldError(`names.${l}`)}
      />
      <div className="console-form-row">
        <Field label={t('units.kind')} error={fieldError('kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Unit['kind'])}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('units.provider')} error={fieldError('provider')}>
          {(p) => (
            <select {...p} value={provider} onChange={(e) => setProvider(e.target.value as Unit['provider'])}>
              {PROVIDERS.map((k) => (
                <option key={k} value={k}>
                  {t(`providers.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('units.activeFrom')} error={fieldError('activeFrom')}>
          {(p) => <input {...p} type="number" value={activeFrom} onChange={(e) => setActiveFrom(e.target.value)} />}
        </Field>
        <Field label={t('units.activeTo')} hint={t('units.activeToHint')} error={fieldError('activeTo')}>
          {(p) => <input {...p} type="number" value={activeTo} onChange={(e) => setActiveTo(e.target.value)} />}
        </Field>
      </div>
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
