import {
  aggregateVersion,
  type Db,
  foldResponses,
  liveSource,
  liveStepOf,
  type ReportContext,
  type ScopeRequest,
  steppedSource,
} from '@gs/db';
import type { ScopeReport } from '@gs/schema';
import { createHash } from 'node:crypto';

/**
 * Protected live reports, cached in process per database. A live report is a pure function of the
 * round's aggregates, the previous round's figures, the report context (round, municipalities,
 * threshold) and the scope that was asked for; the key holds every one of them:
 *
 * - the round's aggregate version (`aggregate_state.version`, a fresh sequence value whenever a fold
 *   counts something, a held release or a rebuild) and the previous round's version and newest
 *   published snapshot: a fold, a release or publishing the previous round makes a new key;
 *   for a stepped reader (a municipality contact, issue 12.4) the round's live step number instead of
 *   the aggregate version, since their figures change only with a step;
 * - a fingerprint of the report context: the round's status, dates and title, the
 *   municipalities and their names, the suppression threshold (a settings change makes a new key);
 * - the scope request as built (kind, code, whether units are listed, group, unit filter);
 * - the reader class: `network` (coordinator, steering group: see everything), `contact:<id>` (a
 *   municipality contact: own municipality only), or the role itself for any other role. A report
 *   built for one class is never served to another, even where the scope would keep them apart already.
 *
 * What is not in the key (unit register and base count edits) reaches a cached report within
 * MAX_AGE_MS, the oldest an entry is served. Several instances each keep their own cache; correctness
 * comes from the version in the key, which every instance reads from the database. A plain Map in
 * insertion order is the LRU (re-inserted on a hit), bounded by entries and by estimated size: a few
 * dozen lines, so no dependency.
 */
export const MAX_AGE_MS = 60_000;

interface Entry {
  report: ScopeReport;
  bytes: number;
  at: number;
}

export class ReportLru {
  private readonly entries = new Map<string, Entry>();
  private size = 0;
  /** Builds in progress by key: readers arriving together after a fold share one. */
  readonly building = new Map<string, Promise<ScopeReport>>();

  constructor(
    readonly maxEntries = 200,
    readonly maxBytes = 48 * 1024 * 1024,
  ) {}

  get(key: string, now = Date.now()): ScopeReport | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (now - e.at > MAX_AGE_MS) {
      this.size -= e.bytes;
      return undefined;
    }
    this.entries.set(key, e);
    return e.report;
  }

  set(key: string, report: ScopeReport, bytes: number, now = Date.now()) {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.bytes;
    }
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { report, bytes, at: now });
    this.size += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= e.bytes;
    }
  }

  /** The keys held, least recently used first (tests). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  get stats() {
    return { entries: this.entries.size, bytes: this.size };
  }
}

const caches = new WeakMap<Db, ReportLru>();

/** The live report cache of a database (tests look inside). */
export function reportCacheOf(db: Db): ReportLru {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ReportLru();
    caches.set(db, cache);
  }
  return cache;
}

/** What a reader may see of live figures, as far as the cache is concerned. */
export function readerClass(viewer: { role: string; municipalityId?: number | null }): string {
  if (viewer.role === 'coordinator' || viewer.role === 'steering_group') return 'network';
  if (viewer.role === 'municipality_contact') return `contact:${viewer.municipalityId ?? 'none'}`;
  return viewer.role;
}

// When this process last started a background fold pass that completed, per database (server.ts).
const passes = new WeakMap<Db, { startedAt: number; intervalMs: number }>();

/** Called by the background folder after each completed pass over the open rounds. */
export function noteBackgroundFold(db: Db, startedAt: number, intervalMs: number) {
  passes.set(db, { startedAt, intervalMs });
}

/**
 * When the background folder keeps this round's figures fresh: the start of its last completed
 * pass, if that is recent (a stalled folder falls back to folding on request); else undefined.
 */
function backgroundPass(db: Db, ctx: ReportContext, now: number): number | undefined {
  const pass = passes.get(db);
  if (!pass || ctx.round.status !== 'open') return undefined;
  return now - pass.startedAt <= Math.max(10_000, 3 * pass.intervalMs) ? pass.startedAt : undefined;
}

function contextPrint(ctx: ReportContext): string {
  return createHash('sha1')
    .update(JSON.stringify([ctx.round, ctx.municipalities, ctx.threshold, ctx.previous, [...ctx.comparable].sort()]))
    .digest('base64url');
}

/**
 * A live report from the cache or built and cached. With the server's background folder running
 * (open rounds) the request folds nothing: between folds it costs one version read and a cache hit.
 * Otherwise (no background folder: tests, FOLD_INTERVAL_MS=0; closed rounds) it folds first, as
 * before. The source says how fresh the figures are: `asOf` is the start of the last fold pass (or
 * of this request's own fold), never later than what a replica has replayed.
 */
export async function cachedLiveReport(
  db: Db,
  read: Db,
  ctx: ReportContext,
  scope: ScopeRequest,
  viewer: { role: string; municipalityId?: number | null },
  build: (fold: boolean) => Promise<ScopeReport>,
): Promise<ScopeReport> {
  const started = Date.now();
  const pass = backgroundPass(db, ctx, started);
  if (pass === undefined) await foldResponses(db, ctx.roundId);
  const stamp = await aggregateVersion(read, ctx.roundId, ctx.previous?.id ?? null);
  // Stepped figures (municipality contacts) change with the round's live step, not with each fold.
  const step = ctx.stepped ? await liveStepOf(read, ctx.roundId) : undefined;
  const key = [
    ctx.roundId,
    step ? `step:${step.step}` : stamp.version,
    stamp.previous,
    contextPrint(ctx),
    readerClass(viewer),
    JSON.stringify(scope),
  ].join('|');
  const cache = reportCacheOf(db);
  let report = cache.get(key, started);
  if (!report) {
    let pending = cache.building.get(key);
    if (!pending) {
      pending = build(false).then((r) => {
        cache.set(key, r, JSON.stringify(r).length * 3, started);
        return r;
      });
      cache.building.set(key, pending);
      const done = () => cache.building.delete(key);
      pending.then(done, done);
    }
    report = await pending;
  }
  if (ctx.stepped) return { ...report, source: await steppedSource(read, ctx.roundId, ctx.threshold) };
  let asOf = pass === undefined ? started : Math.max(pass, stamp.foldedAt ? Date.parse(stamp.foldedAt) : 0);
  let replicaLagMs: number | undefined;
  if (read !== db) {
    const replica = await liveSource(db, read);
    replicaLagMs = replica.replicaLagMs;
    asOf = Math.min(asOf, Date.parse(replica.asOf));
  }
  const source = {
    kind: 'live' as const,
    asOf: new Date(asOf).toISOString(),
    ...(replicaLagMs === undefined ? {} : { replicaLagMs }),
  };
  return { ...report, source };
}
