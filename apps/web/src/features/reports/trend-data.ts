import { useEffect, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';

export interface Kept<T> {
  /** The newest answer that arrived, kept while the next one loads so the controls stay in place. */
  data: T | null;
  loading: boolean;
  error: ApiError | null;
}

/**
 * GETs a JSON path again whenever it changes, like useJson, but keeps the previous answer while
 * the next loads: a select that changed the path keeps its focus instead of being swapped for "loading".
 */
export function useJsonKeepingLast<T>(path: string | null): Kept<T> {
  const [state, setState] = useState<Kept<T>>({ data: null, loading: path !== null, error: null });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path, { signal: controller.signal })
      .then((data) => setState({ data, loading: false, error: null }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
        setState((s) => ({ ...s, loading: false, error }));
      });
    return () => controller.abort();
  }, [path]);
  return state;
}
