import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDisclosures } from './disclosure-audit.ts';
import type { Leaf, ShownCells } from './protect.ts';

// Issue 12.4 (docs/reports.md, "Live figures and differencing"): the block argument over time,
// checked by the attacker of disclosure-audit.ts. Answers arrive one submission at a time into
// blocks (a unit, or a municipality's answers without a unit); after each submission a reader
// reads every live figure — the region, each municipality and each unit, all of them shown (the
// argument does not rest on suppression). With the live step (a block moves only by a batch, as
// `stepLiveFigures` in packages/db does; its test checks that the SQL keeps to it), no sum of
// submissions smaller than the threshold follows from all the reads together. Without it (current
// figures), or with one cutoff per municipality, one does.

const BLOCKS = [
  { municipality: 1, unit: 11 },
  { municipality: 1, unit: 12 },
  { municipality: 1, unit: null },
  { municipality: 2, unit: 21 },
  { municipality: 2, unit: null },
] as const;

interface Stream {
  threshold: number;
  /** Submissions in arrival order: a block and how many responses (1-3). */
  arrivals: { block: number; n: number }[];
}

const stream: fc.Arbitrary<Stream> = fc.record({
  threshold: fc.integer({ min: 3, max: 5 }),
  arrivals: fc.array(fc.record({ block: fc.nat(BLOCKS.length - 1), n: fc.integer({ min: 1, max: 3 }) }), {
    minLength: 4,
    maxLength: 16,
  }),
});

/** Each submission is an innermost cell of its own; its "group" is its place in the stream. */
const leavesOf = (s: Stream): Leaf[] =>
  s.arrivals.map((a, i) => ({
    ...(BLOCKS[a.block] as (typeof BLOCKS)[number]),
    group: `t${i}`,
    size: { answers: a.n, valid: a.n },
  }));

/**
 * After submission `now`, the last submission each block counts: `cutoffs` per read. `stepped`: the
 * live step, a block copied when it gained at least the threshold (first copy) or twice it (later).
 */
function readsOf(s: Stream, cutoffs: (now: number) => number[]): number[][] {
  return s.arrivals.map((_, now) => cutoffs(now));
}

function stepped(s: Stream): number[][] {
  const copied = BLOCKS.map(() => -1);
  const everCopied = BLOCKS.map(() => false);
  return readsOf(s, (now) => {
    for (let b = 0; b < BLOCKS.length; b++) {
      let gain = 0;
      for (let i = (copied[b] as number) + 1; i <= now; i++) {
        const a = s.arrivals[i] as { block: number; n: number };
        if (a.block === b) gain += a.n;
      }
      if (gain >= (everCopied[b] ? 2 * s.threshold : s.threshold)) {
        copied[b] = now;
        everCopied[b] = true;
      }
    }
    return [...copied];
  });
}

const current = (s: Stream) => readsOf(s, (now) => BLOCKS.map(() => now));

/** One cutoff per municipality, moved when the municipality gained at least the threshold. */
function perMunicipality(s: Stream): number[][] {
  const copied = new Map<number, number>();
  return readsOf(s, (now) => {
    for (const m of [1, 2]) {
      let gain = 0;
      for (let i = (copied.get(m) ?? -1) + 1; i <= now; i++) {
        const a = s.arrivals[i] as { block: number; n: number };
        if (BLOCKS[a.block]?.municipality === m) gain += a.n;
      }
      if (gain >= s.threshold) copied.set(m, now);
    }
    return BLOCKS.map((b) => copied.get(b.municipality) ?? -1);
  });
}

/** Every figure of every read as the submissions it adds up. */
function figures(reads: number[][]): ((l: Leaf) => boolean)[] {
  const place = (l: Leaf) => Number(l.group?.slice(1));
  const blockOf = (l: Leaf) => BLOCKS.findIndex((b) => b.municipality === l.municipality && b.unit === l.unit);
  const counted = (cut: number[]) => (l: Leaf) => place(l) <= (cut[blockOf(l)] as number);
  return reads.flatMap((cut) => {
    const has = counted(cut);
    return [
      has,
      ...[1, 2].map((m) => (l: Leaf) => l.municipality === m && has(l)),
      ...BLOCKS.flatMap((b) => (b.unit === null ? [] : [(l: Leaf) => l.unit === b.unit && has(l)])),
    ];
  });
}

const NOTHING: ShownCells = { region: false, municipalities: new Set(), units: new Set(), groups: new Set() };
const leaks = (s: Stream, reads: number[][]) =>
  findDisclosures(leavesOf(s), NOTHING, s.threshold, figures(reads)).length > 0;

/** Of `runs` random streams, how many leak when read with these cutoffs. */
function leakingStreams(readsOfStream: (s: Stream) => number[][], runs: number): number {
  let leaked = 0;
  fc.assert(
    fc.property(stream, (s) => {
      if (leaks(s, readsOfStream(s))) leaked++;
    }),
    { numRuns: runs },
  );
  return leaked;
}

describe('live figures read again and again (issue 12.4)', () => {
  it('in steps, no sum smaller than the threshold follows from any number of reads of every scope', () => {
    fc.assert(
      fc.property(stream, (s) => {
        expect(leaks(s, stepped(s))).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('teeth: current figures read before and after a submission give it away', () => {
    expect(leakingStreams(current, 200)).toBeGreaterThan(150);
  });

  it('teeth: one cutoff per municipality lets a unit move by less than a batch', () => {
    expect(leakingStreams(perMunicipality, 200)).toBeGreaterThan(20);
  });

  it('the worked case: 4 + 1 across two units is a municipality batch of 5 but shows the 1', () => {
    const s: Stream = {
      threshold: 5,
      arrivals: [
        { block: 0, n: 3 },
        { block: 0, n: 1 },
        { block: 1, n: 1 },
      ],
    };
    expect(leaks(s, perMunicipality(s))).toBe(true);
    expect(leaks(s, stepped(s))).toBe(false);
  });
});
