import { NO_UNIT_FILTER, parseUnitFilter, setUnitFilter } from './unit-filter.tsx';

/** What a trend page shows; all of it lives in the URL so a pasted link opens the same view. */
export interface TrendParams {
  scope: string;
  group: string | null;
  /** Unit kind, provider and answer language (region and municipalities only; each also with a group). */
  kind: string | null;
  provider: string | null;
  language: string | null;
  view: 'item' | 'theme';
  item: string | null;
  theme: string | null;
}

const SCOPE = /^(region|municipality:\d{3}|unit:\d{1,9})$/;
const KEY = /^[a-z][a-z0-9_]{0,63}$/;

export function parseTrendParams(search: string): TrendParams {
  const q = new URLSearchParams(search);
  const scope = q.get('scope') ?? '';
  const key = (name: string) => {
    const v = q.get(name);
    return v && KEY.test(v) ? v : null;
  };
  const valid = SCOPE.test(scope) ? scope : 'region';
  const filter = valid.startsWith('unit:') ? NO_UNIT_FILTER : parseUnitFilter(q);
  return {
    scope: valid,
    group: key('group'),
    ...filter,
    view: q.get('view') === 'theme' ? 'theme' : 'item',
    item: key('item'),
    theme: key('theme'),
  };
}

/** The URL of a trend view; only the key of the chosen view (item or theme) is written. */
export function trendHref(family: string, p: Partial<TrendParams>): string {
  const q = new URLSearchParams();
  q.set('scope', p.scope ?? 'region');
  if (p.group) q.set('group', p.group);
  setUnitFilter(q, p);
  const view = p.view ?? 'item';
  q.set('view', view);
  if (view === 'item' && p.item) q.set('item', p.item);
  if (view === 'theme' && p.theme) q.set('theme', p.theme);
  return `/reports/trends/${encodeURIComponent(family)}?${q.toString().replaceAll('%3A', ':')}`;
}
