import { useEffect, useState } from 'react';
import type { SessionInfo } from '@gs/schema';
import { ApiError, api, setCsrfToken } from '../../lib/api.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T };

/** GETs a JSON path (null: nothing yet), again whenever it changes; aborts the previous request. */
export function useJson<T>(path: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    api<T>(path, { signal: controller.signal })
      .then((data) => setLoaded({ state: 'ok', data }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network', String(e)) });
      });
    return () => controller.abort();
  }, [path]);
  return loaded;
}

/** A municipality contact's own municipality: where their live figures and units are. */
export function ownMunicipality(session: SessionInfo | null | undefined): string | null {
  return session?.user.role === 'municipality_contact' ? session.user.municipalityCode : null;
}

/** Who is signed in: undefined while asking, null for the public (also when the sign-in API is missing). */
export function useSession(): SessionInfo | null | undefined {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    api<SessionInfo>('/api/auth/me', { signal: controller.signal })
      .then((s) => {
        // Pages outside the console also change things (development targets) with the session's token.
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch(() => {
        if (!controller.signal.aborted) setSession(null);
      });
    return () => controller.abort();
  }, []);
  return session;
}
