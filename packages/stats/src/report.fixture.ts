import type { ReportItem, ReportRound, ScopeReport, Translations } from '@gs/schema';

/** The same text in every required language. */
export const T = (en: string): Translations => ({ fi: en, sv: en, en });

/** A published 2025 ECEC report of one scope with one theme of these items, for tests. */
export function reportOf(
  kind: ScopeReport['scope']['kind'],
  items: ReportItem[],
  code: string | null = null,
  round: Partial<ReportRound> = {},
): ScopeReport {
  return {
    round: {
      slug: '2025-ecec',
      year: 2025,
      family: 'ecec',
      familyNames: T('ECEC'),
      title: T('ECEC'),
      status: 'published',
      opensOn: '2025-03-10',
      closesOn: '2025-03-23',
      previous: null,
      ...round,
    },
    scope: { kind, key: code ? `${kind}:${code}` : kind, code, names: T(code ?? 'Region'), parent: null },
    source: { kind: 'published', version: 1, publishedAt: '2025-04-01T00:00:00.000Z', reason: null },
    threshold: 5,
    headline: {
      responses: { suppressed: false, n: 40 },
      enrolled: null,
      responseRate: null,
      grade: { suppressed: true },
      previous: null,
    },
    sections: [{ key: 's', title: T('Theme'), items }],
    children: [],
    childrenWithheld: false,
    groups: [],
    group: null,
  };
}
