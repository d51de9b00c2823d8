import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import type { ConsoleUserRow, Municipality, Role } from './console-types.ts';
import { ErrorNote, Field, Loading, PageTitle, useAction, useName, useResource, useSession } from './console-ui.tsx';

export function UsersPage() {
  const { t } = useConsoleT();
  const { session, announce } = useSession();
  const users = useResource<ConsoleUserRow[]>('/api/console/users');
  const [adding, setAdding] = useState(false);
  const { error, run } = useAction();
  async function setActive(u: ConsoleUserRow, active: boolean) {
    const ok = await run(() =>
      api(`/api/console/users/${u.id}`, { method: 'PATCH', body: { active } }).then(() => true),
    );
    if (ok) {
      announce(active ? t('users.activated', { e: u.email }) : t('users.deactivated', { e: u.email }));
      users.reload();
    }
  }
  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <ErrorNote error={users.error ?? error} />
      {adding ? (
        <UserForm
          onDone={() => {
            setAdding(false);
            users.reload();
          }}
        />
      ) : (
        <div className="console-actions">
          <button type="button" onClick={() => setAdding(true)}>
            {t('users.add')}
          </button>
        </div>
      )}
      {!users.data ? <Loading /> : null}
      {users.data ? (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{u.email}</td>
                <td>
                  {t(`roles.${u.role}`)}
                  {u.municipality_code ? ` (${u.municipality_code})` : ''}
                </td>
                <td>{u.active ? t('users.active') : t('users.inactive')}</td>
                <td>
                  {u.id === session.user.id ? null : (
                    <button type="button" className="secondary" onClick={() => void setActive(u, !u.active)}>
                      {u.active ? t('users.deactivate') : t('users.activate')}
                      <span className="visually-hidden"> {u.email}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function UserForm({ onDone }: { onDone: () => void }) {
  const { t } = useConsoleT();
  const name = useName();
  const { announce } = useSession();
  const municipalities = useResource<Municipality[]>('/api/console/municipalities');
  const [v, setV] = useState({
    email: '',
    name: '',
    role: 'municipality_contact' as Role,
    municipalityCode: '',
    password: '',
  });
  const { busy, error, run, fieldError } = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { ...v, municipalityCode: v.role === 'municipality_contact' ? v.municipalityCode || null : null };
    const ok = await run(() => api('/api/console/users', { method: 'POST', body }).then(() => true));
    if (ok) {
      announce(t('users.created', { e: v.email }));
      onDone();
    }
  }
  const known = ['email', 'name', 'role', 'municipalityCode', 'password'];
  return (
    <form onSubmit={submit} className="console-form console-panel" noValidate>
      <h2>{t('users.add')}</h2>
      <ErrorNote error={error && !known.some((k) => fieldError(k)) ? error : null} />
      <Field label={t('users.name')} error={fieldError('name')}>
        {(p) => <input {...p} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />}
      </Field>
      <Field label={t('users.email')} error={fieldError('email')}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="off"
            value={v.email}
            onChange={(e) => setV({ ...v, email: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('users.role')} error={fieldError('role')}>
        {(p) => (
          <select {...p} value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as Role })}>
            <option value="municipality_contact">{t('roles.municipality_contact')}</option>
            <option value="steering_group">{t('roles.steering_group')}</option>
            <option value="coordinator">{t('roles.coordinator')}</option>
          </select>
        )}
      </Field>
      {v.role === 'municipality_contact' ? (
        <Field label={t('municipality')} error={fieldError('municipalityCode')}>
          {(p) => (
            <select
              {...p}
              value={v.municipalityCode}
              onChange={(e) => setV({ ...v, municipalityCode: e.target.value })}
            >
              <option value="">{t('users.choose')}</option>
              {municipalities.data?.map((m) => (
                <option key={m.code} value={m.code}>
                  {name(m.names)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('users.firstPassword')} hint={t('account.passwordHint')} error={fieldError('password')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={v.password}
            onChange={(e) => setV({ ...v, password: e.target.value })}
          />
        )}
      </Field>
      <div className="console-actions">
        <button type="submit" disabled={busy}>
          {t('users.create')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
