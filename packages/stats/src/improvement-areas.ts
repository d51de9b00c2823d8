import type {
  ImprovementArea,
  ImprovementItemProgress,
  ImprovementTargetProgress,
  ReportItem,
  ScopeReport,
  Translations,
} from '@gs/schema';
import { meanCell } from './comparisons.ts';

/** A target to follow up: the stored target and the items it covers, with their texts in the round that set it. */
export interface TargetToFollow {
  area: ImprovementArea;
  items: readonly { key: string; text: Translations }[];
}

function progressOf(item: ReportItem | undefined, key: string, text: Translations): ImprovementItemProgress {
  if (!item) return { key, text, status: 'not_asked', previous: null, current: null, change: null };
  if (!item.comparable) {
    return {
      key,
      text: item.text,
      status: 'not_comparable',
      previous: null,
      current: meanCell(item.figures),
      change: null,
    };
  }
  return {
    key,
    text: item.text,
    status: 'compared',
    previous: item.previous ? meanCell(item.previous) : null,
    current: meanCell(item.figures),
    change: item.changeTest ?? null,
  };
}

/**
 * How the previous round's development targets moved, read from one scope's report of this
 * round (annotated with `annotateReport`): for each item the figures then and now and Welch's
 * test of the change. Everything comes from the report's already protected cells, so a figure
 * hidden in either round stays hidden and nothing is computed that the report does not show.
 */
export function followTargets(report: ScopeReport, targets: readonly TargetToFollow[]): ImprovementTargetProgress[] {
  const items = new Map(report.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
  return targets.map((t) => ({
    area: t.area,
    items: t.items.map((i) => progressOf(items.get(i.key), i.key, i.text)),
  }));
}
