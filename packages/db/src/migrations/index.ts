import type { Migration } from 'kysely/migration';
import * as m20261124t0000 from './2026-11-24t0000-initial.ts';
import * as m20261124t0200 from './2026-11-24t0200-sign-in-throttle.ts';
import * as m20261124t0300 from './2026-11-24t0300-answer-aggregates.ts';
import * as m20261129t0000 from './2026-11-29t0000-municipality-group-counts.ts';
import * as m20261129t0200 from './2026-11-29t0200-held-responses.ts';
import * as m20261129t0500 from './2026-11-29t0500-improvement-areas.ts';
import * as m20261129t0400 from './2026-11-29t0400-response-inbox.ts';
import * as m20261129t0700 from './2026-11-29t0700-language-cells.ts';
import * as m20261129t0800 from './2026-11-29t0800-aggregate-version.ts';
import * as m20261129t0900 from './2026-11-29t0900-history-import.ts';
import * as m20261129t1830 from './2026-11-29t1830-texts-revision.ts';
import * as m20261129t1900 from './2026-11-29t1900-live-steps.ts';

// A static index instead of FileMigrationProvider: works under vitest and bundlers alike.
export const migrations: Record<string, Migration> = {
  '2026-11-24t0000-initial': m20261124t0000,
  '2026-11-24t0200-sign-in-throttle': m20261124t0200,
  '2026-11-24t0300-answer-aggregates': m20261124t0300,
  '2026-11-29t0000-municipality-group-counts': m20261129t0000,
  '2026-11-29t0200-held-responses': m20261129t0200,
  '2026-11-29t0500-improvement-areas': m20261129t0500,
  '2026-11-29t0400-response-inbox': m20261129t0400,
  '2026-11-29t0700-language-cells': m20261129t0700,
  '2026-11-29t0800-aggregate-version': m20261129t0800,
  '2026-11-29t0900-history-import': m20261129t0900,
  '2026-11-29t1830-texts-revision': m20261129t1830,
  '2026-11-29t1900-live-steps': m20261129t1900,
};
