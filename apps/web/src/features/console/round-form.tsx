import { type FormEvent, useState } from 'react';
import type { RoundProposal } from '@gs/schema';
import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useConsoleT } from './console-i18n.ts';
import type { Family, InstrumentVersionRow, Municipality, RoundDetail } from './console-types.ts';
import { ErrorNote, Field, Loading, PageTitle, useAction, useName, useResource, useSession } from './console-ui.tsx';

export interface RoundValues {
  slug: string;
  family: Family;
  year: number;
  instrumentVersionId: number | null;
  opensOn: string;
  closesOn: string;
  municipalityCodes: string[];
  cycleOverrideReason: string;
}

/** The form for a new round or a draft round's edit; the cycle rule's family needs no reason. */
export function RoundForm({
  initial,
  expectedFamily,
  editing,
  onSaved,
  onCancel,
}: {
  initial: RoundValues;
  expectedFamily: (year: number) => Family | undefined;
  editing?: number;
  onSaved: (id: number) => void;
  onCancel?: () => void;
}) {
  const { t, lang } = useConsoleT();
  const name = useName();
  const { announce } = useSession();
  const [v, setV] = useState(initial);
  const versions = useResource<InstrumentVersionRow[]>('/api/console/instruments');
  const municipalities = useResource<Municipality[]>('/api/console/municipalities');
  const { busy, error, run, fieldError } = useAction();
  const set = <K extends keyof RoundValues>(k: K, value: RoundValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const expected = expectedFamily(v.year);
  const override = expected !== undefined && expected !== v.family && !editing;
  const familyVersions = (versions.data ?? []).filter((x) => x.family_key === v.family);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      ...(editing ? {} : { slug: v.slug || undefined }),
      family: v.family,
      instrumentVersionId: v.instrumentVersionId,
      year: v.year,
      opensOn: v.opensOn,
      closesOn: v.closesOn,
      municipalityCodes: v.municipalityCodes,
      ...(override ? { cycleOverrideReason: v.cycleOverrideReason } : {}),
    };
    const result = await run(() =>
      editing
        ? api(`/api/console/rounds/${editing}`, { method: 'PUT', body }).then(() => ({ id: editing }))
        : api<{ id: number }>('/api/console/rounds', { method: 'POST', body }),
    );
    if (result) {
      announce(editing ? t('roundForm.saved') : t('roundForm.created'));
      onSaved(result.id);
    }
  }

  if (!versions.data || !municipalities.data) return <Loading />;
  const generalError =
    error &&
    ![
      'slug',
      'family',
      'instrumentVersionId',
      'year',
      'opensOn',
      'closesOn',
      'municipalityCodes',
      'cycleOverrideReason',
    ].some((f) => fieldError(f));
  return (
    <form onSubmit={submit} noValidate className="console-form">
      {generalError ? <ErrorNote error={error} /> : null}
      <div className="console-form-row">
        <Field label={t('roundForm.year')} error={fieldError('year')}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={2000}
              max={2100}
              value={v.year}
              disabled={Boolean(editing)}
              onChange={(e) => set('year', Number(e.target.value))}
            />
          )}
        </Field>
        <Field label={t('roundForm.family')} error={fieldError('family')}>
          {(p) => (
            <select
              {...p}
              value={v.family}
              disabled={Boolean(editing)}
              onChange={(e) => {
                const family = e.target.value as Family;
                const latest = (versions.data ?? []).filter((x) => x.family_key === family).at(-1);
                setV((old) => ({ ...old, family, instrumentVersionId: latest?.id ?? null }));
              }}
            >
              <option value="ecec">{t('families.ecec')}</option>
              <option value="basic">{t('families.basic')}</option>
            </select>
          )}
        </Field>
        <Field label={t('roundForm.version')} error={fieldError('instrumentVersionId')}>
          {(p) => (
            <select
              {...p}
              value={v.instrumentVersionId ?? ''}
              onChange={(e) => set('instrumentVersionId', Number(e.target.value))}
            >
              {familyVersions.map((x) => (
                <option key={x.id} value={x.id}>
                  v{x.version}
                  {x.locked ? '' : ` (${t('instruments.draft')})`}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {expected && !editing ? (
        <p className="console-hint console-cycle">
          {t('roundForm.cycleSays', { family: t(`families.${expected}`).toLocaleLowerCase(lang), year: v.year })}
        </p>
      ) : null}
      {override ? (
        <Field
          label={t('roundForm.overrideReason')}
          hint={t('roundForm.overrideHint')}
          error={fieldError('cycleOverrideReason')}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={v.cycleOverrideReason}
              onChange={(e) => set('cycleOverrideReason', e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {editing ? null : (
        <Field
          label={t('roundForm.slug')}
          hint={t('roundForm.slugHint', { def: `${v.year}-${v.family}` })}
          error={fieldError('slug')}
        >
          {(p) => (
            <input
              {...p}
              value={v.slug}
              placeholder={`${v.year}-${v.family}`}
              onChange={(e) => set('slug', e.target.value)}
            />
          )}
        </Field>
      )}
      <div className="console-form-row">
        <Field label={t('roundForm.opensOn')} error={fieldError('opensOn')}>
          {(p) => <input {...p} type="date" value={v.opensOn} onChange={(e) => set('opensOn', e.target.value)} />}
        </Field>
        <Field label={t('roundForm.closesOn')} hint={t('roundForm.closesHint')} error={fieldError('closesOn')}>
          {(p) => <input {...p} type="date" value={v.closesOn} onChange={(e) => set('closesOn', e.target.value)} />}
        </Field>
      </div>
      <fieldset
        className="console-checkboxes"
        aria-describedby={fieldError('municipalityCodes') ? 'round-municipalities-error' : undefined}
      >
        <legend>{t('roundForm.municipalities')}</legend>
        {fieldError('municipalityCodes') ? (
          <span id="round-municipalities-error" className="console-field-error">
            {fieldError('municipalityCodes')}
          </span>
        ) : null}
        {municipalities.data.map((m) => (
          <label key={m.code}>
            <input
              type="checkbox"
              checked={v.municipalityCodes.includes(m.code)}
              onChange={(e) =>
                set(
                  'municipalityCodes',
                  e.target.checked
                    ? [...v.municipalityCodes, m.code].sort()
                    : v.municipalityCodes.filter((c) => c !== m.code),
                )
              }
            />{' '}
            {name(m.names)} ({m.code})
          </label>
        ))}
      </fieldset>
      <div className="console-actions">
        <button type="submit" disabled={busy}>
          {editing ? t('save') : t('roundForm.create')}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** A new round, prefilled with what the cycle rule proposes. */
export function NewRoundPage() {
  const { t } = useConsoleT();
  const proposal = useResource<RoundProposal>('/api/console/rounds/proposal');
  const network = useResource<{ cycleRule: { odd: Family; even: Family } }>('/api/network');
  const p = proposal.data;
  return (
    <section>
      <PageTitle>{t('roundForm.newTitle')}</PageTitle>
      <ErrorNote error={proposal.error} />
      {p && network.data ? (
        <>
          <p className="console-notice">
            {t('roundForm.proposal', {
              family: t(`families.${p.family}`),
              year: p.year,
              version: p.instrumentVersion ?? 0,
              based: p.basedOn ? 'yes' : 'no',
              basedOn: p.basedOn ?? '',
            })}
          </p>
          <RoundForm
            initial={{
              slug: '',
              family: p.family,
              year: p.year,
              instrumentVersionId: p.instrumentVersionId,
              opensOn: p.opensOn,
              closesOn: p.closesOn,
              municipalityCodes: p.municipalityCodes,
              cycleOverrideReason: '',
            }}
            expectedFamily={(year) => (year % 2 === 0 ? network.data?.cycleRule.even : network.data?.cycleRule.odd)}
            onSaved={(id) => navigate(`/console/rounds/${id}`)}
            onCancel={() => navigate('/console')}
          />
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}

/** The values of a draft round for its edit form. */
export function valuesOf(r: RoundDetail): RoundValues {
  return {
    slug: r.slug,
    family: r.family_key,
    year: r.year,
    instrumentVersionId: r.instrument_version_id,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    municipalityCodes: r.municipalities.map((m) => m.code),
    cycleOverrideReason: r.cycle_override_reason ?? '',
  };
}
