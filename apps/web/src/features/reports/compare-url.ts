import type { Measure } from './compare-scale.ts';
import { parseUnitFilter, setUnitFilter } from './unit-filter.tsx';

export type SortDir = 'asc' | 'desc';

/** Everything the side-by-side page shows, as its URL holds it. */
export interface CompareState {
  level: 'municipalities' | 'units';
  /** The municipality whose units are compared. */
  municipality: string | null;
  group: string | null;
  /** Unit kind, provider and answer language (each also together with a group). */
  kind: string | null;
  provider: string | null;
  language: string | null;
  measure: Measure;
  /** A column (its scope without the group part) and a direction; null keeps the themes' own order. */
  sort: { scope: string; dir: SortDir } | null;
  source: 'published' | 'live' | null;
  version: number | null;
}

const GROUP = /^[a-z][a-z0-9_]{1,47}$/;

/** Reads the page's query string; anything malformed falls back to the default. */
export function parseCompareSearch(search: string): CompareState {
  const q = new URLSearchParams(search);
  const municipality = q.get('municipality');
  const group = q.get('group');
  const source = q.get('source');
  const version = Number(q.get('version'));
  const sort = /^(.+):(asc|desc)$/.exec(q.get('sort') ?? '');
  const filter = parseUnitFilter(q);
  const units = q.get('level') === 'units';
  return {
    level: units ? 'units' : 'municipalities',
    municipality: municipality && /^\d{3}$/.test(municipality) ? municipality : null,
    group: group && GROUP.test(group) ? group : null,
    ...filter,
    // Units are not split by answer language.
    language: units ? null : filter.language,
    measure: q.get('measure') === 'agree' ? 'agree' : 'mean',
    sort: sort?.[1] && sort[2] ? { scope: sort[1], dir: sort[2] as SortDir } : null,
    source: source === 'live' || source === 'published' ? source : null,
    version: Number.isInteger(version) && version > 0 ? version : null,
  };
}

/** The page's query string (with its `?`, or empty), leaving out what is the default. */
export function compareSearch(s: CompareState): string {
  const q = new URLSearchParams();
  if (s.level === 'units') {
    q.set('level', 'units');
    if (s.municipality) q.set('municipality', s.municipality);
  }
  if (s.group && s.level === 'municipalities') q.set('group', s.group);
  setUnitFilter(q, s);
  if (s.measure !== 'mean') q.set('measure', s.measure);
  if (s.sort) q.set('sort', `${s.sort.scope}:${s.sort.dir}`);
  if (s.source) q.set('source', s.source);
  if (s.version !== null && s.source !== 'live') q.set('version', String(s.version));
  // A colon needs no escaping in a query; keeping it makes the URL readable ('sort=municipality:398:desc').
  const text = q.toString().replaceAll('%3A', ':');
  return text ? `?${text}` : '';
}

/** The API's query for the same view: units are never split by group, and the measure and order are the page's own. */
export function compareApiSearch(s: CompareState): string {
  return compareSearch({ ...s, measure: 'mean', sort: null });
}

/**
 * A column's scope as the sort key: without the group part, so a sort survives a change of group
 * ('municipality:398/group:age_3_5' → 'municipality:398', 'group:age_3_5' → 'region').
 */
export function sortScope(columnScope: string): string {
  if (columnScope.startsWith('group:')) return 'region';
  return columnScope.replace(/\/(group|kind|provider|language):.*$/, '');
}
