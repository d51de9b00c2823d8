import {
  type FamilyKey,
  type InstrumentDefinition,
  SCALES,
  type ScaleKey,
  completeLanguages,
  itemsOf,
} from '@gs/schema';
import { DEMO_MUNICIPALITIES } from './municipalities.ts';
import { apportion, draw, normal, streamFor } from './random.ts';
import { type DemoUnit, unitActiveIn } from './units.ts';

export interface DemoRound {
  year: number;
  family: FamilyKey;
  opensOn: string;
  closesOn: string;
  status: 'open' | 'published';
  /** When the results came out (a published round); default a month after closing. */
  publishedOn?: string;
}

/** The demo's "today": the 2026 round has been open for nine days. */
export const DEMO_TODAY = '2026-11-24';

export const DEMO_ROUNDS: readonly DemoRound[] = [
  { year: 2023, family: 'ecec', opensOn: '2023-03-06', closesOn: '2023-03-19', status: 'published' },
  // As in the network's minutes: basic education 2024 ran in January–February with results in March,
  // early childhood education 2025 in November with results early in 2026.
  {
    year: 2024,
    family: 'basic',
    opensOn: '2024-01-29',
    closesOn: '2024-02-11',
    status: 'published',
    publishedOn: '2024-03-12',
  },
  {
    year: 2025,
    family: 'ecec',
    opensOn: '2025-11-10',
    closesOn: '2025-11-23',
    status: 'published',
    publishedOn: '2026-01-20',
  },
  { year: 2026, family: 'basic', opensOn: '2026-11-16', closesOn: '2026-12-06', status: 'open' },
];

export const slugOf = (round: DemoRound) => `${round.year}-${round.family}`;

/** A demo unit once stored, with its database ids. */
export interface PlacedUnit extends DemoUnit {
  id: number;
  municipalityId: number;
}

export interface Enrolment {
  unit: PlacedUnit;
  groupKey: string;
  enrolled: number;
}

export interface PlannedResponse {
  m: number;
  u: number;
  g: string;
  l: string;
  d: string;
}

/** Per unit and item: can't-say share `z`, lowest value `b` and ascending cumulative thresholds `t` over [0, 1). */
export interface ItemParams {
  u: number;
  k: string;
  z: number;
  b: number;
  t: number[];
}

// Units and enrolment stay the same whatever the seed, so the demo always shows the same organisation.
const LAYOUT_SEED = 2026;
const OPEN_ROUND_PROGRESS = 0.6;

const REGION_ENROLMENT: Record<string, number> = {
  under_3: 2400,
  age_3_5: 4600,
  pre_primary: 1700,
  grades_1_2: 4000,
  grades_3_6: 8000,
  grades_7_9: 6000,
};

const SCHOOL_GROUPS: Record<string, string[]> = {
  '1-6': ['grades_1_2', 'grades_3_6'],
  '7-9': ['grades_7_9'],
  '1-9': ['grades_1_2', 'grades_3_6', 'grades_7_9'],
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function groupsOf(unit: DemoUnit, family: FamilyKey): string[] {
  if (unit.kind === 'pre_primary') return ['pre_primary'];
  if (unit.kind === 'ecec') return family === 'ecec' ? ['under_3', 'age_3_5'] : [];
  return family === 'basic' ? (SCHOOL_GROUPS[unit.grades ?? '1-9'] ?? []) : [];
}

function unitWeight(unit: DemoUnit, groupKey: string, year: number): number {
  const key = [unit.municipalityCode, unit.code];
  const size =
    (0.6 + 0.8 * draw(LAYOUT_SEED, 'size', ...key)) * (unit.swedish ? 0.45 : unit.provider === 'private' ? 0.7 : 1);
  return (
    size *
    (0.7 + 0.6 * draw(LAYOUT_SEED, 'mix', ...key, groupKey)) *
    (0.92 + 0.16 * draw(LAYOUT_SEED, 'year', ...key, year))
  );
}

/**
 * Enrolled children per unit and group for a round: region totals split by population
 * between municipalities, then by unit size within each.
 */
export function enrolmentFor(round: DemoRound, def: InstrumentDefinition, units: readonly PlacedUnit[]): Enrolment[] {
  const groupKeys = def.group.options.map((o) => o.key);
  const eligible = units.filter((u) => def.unitKinds.includes(u.kind) && unitActiveIn(u, round.year));
  for (const u of eligible) {
    const unknown = groupsOf(u, round.family).find((g) => !groupKeys.includes(g));
    if (unknown) throw new Error(`the ${def.family} instrument has no group '${unknown}'`);
  }
  const rows: Enrolment[] = [];
  for (const groupKey of groupKeys) {
    const total = REGION_ENROLMENT[groupKey];
    if (total === undefined) throw new Error(`no demo enrolment for group '${groupKey}'`);
    const drift = groupKey.startsWith('grades') ? 1 - 0.012 * (round.year - 2024) : 1 + 0.015 * (round.year - 2024);
    const serving = eligible.filter((u) => groupsOf(u, round.family).includes(groupKey));
    const perMunicipality = apportion(
      total * drift,
      DEMO_MUNICIPALITIES.map((m) => (serving.some((u) => u.municipalityCode === m.code) ? m.population : 0)),
    );
    DEMO_MUNICIPALITIES.forEach((m, i) => {
      const mine = serving.filter((u) => u.municipalityCode === m.code);
      const shares = apportion(
        perMunicipality[i] ?? 0,
        mine.map((u) => unitWeight(u, groupKey, round.year)),
      );
      mine.forEach((unit, j) => {
        rows.push({ unit, groupKey, enrolled: shares[j] ?? 0 });
      });
    });
  }
  return rows;
}

function rankOf(seed: number, key: string, code: string): number {
  const order = [...DEMO_MUNICIPALITIES].sort((a, b) => draw(seed, key, a.code) - draw(seed, key, b.code));
  return order.findIndex((m) => m.code === code) / (order.length - 1);
}

/** The share of enrolled children whose guardians answer: 22-57% by municipality, trending up or down by year. */
export function responseRate(seed: number, round: DemoRound, code: string): number {
  const level = 0.25 + 0.2 * rankOf(seed, 'rate-level', code);
  const trend = -0.035 + 0.07 * rankOf(seed, 'rate-trend', code);
  const family = round.family === 'ecec' ? 0.02 : -0.06;
  const noise = (draw(seed, 'rate-noise', code, round.year) - 0.5) * 0.04;
  const rate = clamp(level + trend * (round.year - 2023) + family + noise, 0.22, 0.57);
  return round.status === 'open' ? rate * OPEN_ROUND_PROGRESS : rate;
}

/** A few units per round with 1-4 responses, so the small-group rule has something to hide. */
function sparseUnits(seed: number, round: DemoRound, enrolment: readonly Enrolment[]): Map<number, number> {
  const sparse = new Map<number, number>();
  const slug = slugOf(round);
  for (const [code, count] of [
    ['398', 3],
    ['098', 1],
  ] as const) {
    const units = [
      ...new Map(enrolment.filter((e) => e.unit.municipalityCode === code).map((e) => [e.unit.id, e.unit])).values(),
    ];
    units.sort((a, b) => draw(seed, 'sparse', slug, code, a.code) - draw(seed, 'sparse', slug, code, b.code));
    for (const u of units.slice(0, count)) {
      sparse.set(u.id, 1 + Math.floor(4 * draw(seed, 'sparse-n', slug, code, u.code)));
    }
  }
  return sparse;
}

function responseDays(round: DemoRound): { days: string[]; cumulative: number[] } {
  const last = round.status === 'open' ? DEMO_TODAY : round.closesOn;
  const days: string[] = [];
  for (let d = round.opensOn; d <= last; d = addDays(d, 1)) days.push(d);
  let sum = 0;
  const cumulative = days.map((_, i) => {
    sum += 0.5 + 3 * Math.exp(-i / 1.8) + 1.6 * Math.exp(-((i - 7) ** 2) / 2) + (i === days.length - 1 ? 0.8 : 0);
    return sum;
  });
  return { days, cumulative: cumulative.map((c) => c / sum) };
}

function pick<T>(values: readonly T[], cumulative: readonly number[], u: number): T {
  const i = cumulative.findIndex((c) => u < c);
  return values[i === -1 ? values.length - 1 : i]!;
}

/**
 * The families whose demo rounds get Ukrainian-language responses. Fixed here rather than read from
 * the languages an instrument is complete in: the ECEC instrument gained Ukrainian (and ru, ar, so,
 * et) in issue 13.3, after the demo's figures were set, and its rounds keep the language mix they had
 * (fi, sv, en), so the demo's published figures stay the same.
 */
const UKRAINIAN_RESPONSE_FAMILIES: readonly FamilyKey[] = ['basic'];

/** The anonymous responses of a round: how many per unit and group, and each one's language and date. */
export function plannedResponses(
  seed: number,
  round: DemoRound,
  def: InstrumentDefinition,
  enrolment: readonly Enrolment[],
): PlannedResponse[] {
  const slug = slugOf(round);
  const ukrainian = UKRAINIAN_RESPONSE_FAMILIES.includes(def.family) && completeLanguages(def).includes('uk');
  const sparse = sparseUnits(seed, round, enrolment);
  const { days, cumulative } = responseDays(round);
  const out: PlannedResponse[] = [];
  for (const m of DEMO_MUNICIPALITIES) {
    const rows = enrolment.filter((e) => e.unit.municipalityCode === m.code);
    const enrolled = rows.reduce((a, r) => a + r.enrolled, 0);
    const counts = rows.map(() => 0);
    for (const [unitId, n] of sparse) {
      const own = rows.map((r, i) => [r, i] as const).filter(([r]) => r.unit.id === unitId);
      const largest = own.sort((a, b) => b[0].enrolled - a[0].enrolled)[0];
      if (largest) counts[largest[1]] = n;
    }
    const rest = Math.round(responseRate(seed, round, m.code) * enrolled) - counts.reduce((a, b) => a + b, 0);
    const weights = rows.map((r) =>
      sparse.has(r.unit.id)
        ? 0
        : r.enrolled *
          (0.6 + 0.8 * draw(seed, 'unit-rate', slug, m.code, r.unit.code)) *
          (0.9 + 0.2 * draw(seed, 'group-rate', slug, m.code, r.unit.code, r.groupKey)),
    );
    apportion(rest, weights).forEach((n, i) => {
      counts[i]! += n;
    });
    rows.forEach((r, i) => {
      const next = streamFor(seed, 'respondents', slug, m.code, r.unit.code, r.groupKey);
      const sv = r.unit.swedish ? 0.85 : m.code === '398' ? 0.04 : 0.01;
      const en = m.code === '398' ? 0.03 : 0.012;
      const uk = ukrainian ? (m.code === '398' ? 0.015 : 0.004) : 0;
      for (let k = 0; k < counts[i]!; k++) {
        const u = next();
        const language = u < sv ? 'sv' : u < sv + en ? 'en' : u < sv + en + uk ? 'uk' : 'fi';
        out.push({
          m: r.unit.municipalityId,
          u: r.unit.id,
          g: r.groupKey,
          l: language,
          d: pick(days, cumulative, next()),
        });
      }
    });
  }
  return out;
}

function discreteNormal(values: readonly number[], mean: number, sd: number, floor: number): number[] {
  const p = values.map((v) => Math.exp(-((v - mean) ** 2) / (2 * sd * sd)) + floor);
  const sum = p.reduce((a, b) => a + b, 0);
  let c = 0;
  return p.slice(0, -1).map((x) => {
    c += x / sum;
    return round6(c);
  });
}

/**
 * How each unit tends to answer each item in a round: an item level, a municipality level
 * and trend, a municipality-specific item profile, a unit level, and yearly noise on each.
 */
export function itemParamsFor(
  seed: number,
  round: DemoRound,
  def: InstrumentDefinition,
  units: readonly PlacedUnit[],
): ItemParams[] {
  const years = round.year - 2023;
  const items = itemsOf(def).filter((i) => i.type !== 'open');
  const out: ItemParams[] = [];
  for (const unit of units) {
    const m = unit.municipalityCode;
    const muni = (draw(seed, 'muni-level', m) - 0.5) * 0.4 + (draw(seed, 'muni-trend', m) - 0.5) * 0.2 * years;
    const local =
      normal(streamFor(seed, 'unit-level', m, unit.code), 0.18) +
      normal(streamFor(seed, 'unit-year', m, unit.code, round.year), 0.08);
    for (const item of items) {
      const scale = SCALES[item.scale as ScaleKey];
      const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
      if (!scale.cantSay) {
        const mean = clamp(8.35 + 1.3 * (muni + local), 6.6, 9.3);
        out.push({ u: unit.id, k: item.key, z: 0, b: scale.min, t: discreteNormal(values, mean, 0.85, 0.002) });
        continue;
      }
      const mean =
        3.95 +
        0.7 * draw(seed, 'item', def.family, item.key) +
        muni +
        local +
        normal(streamFor(seed, 'muni-item', m, item.key), 0.12) +
        normal(streamFor(seed, 'muni-item-year', m, item.key, round.year), 0.05);
      const z =
        (0.035 + 0.07 * draw(seed, 'cant-say', def.family, item.key)) *
        (0.7 + 0.6 * draw(seed, 'cant-say-unit', m, unit.code, item.key));
      const t = discreteNormal(values, clamp(mean, 2.5, 4.9), 0.95, 0.012);
      out.push({ u: unit.id, k: item.key, z: round6(z), b: scale.min, t });
    }
  }
  return out;
}
