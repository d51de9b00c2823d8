/** mulberry32: a tiny seeded PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A PRNG stream named by a seed and a path of keys, so draws never depend on the order of other draws. */
export function streamFor(seed: number, ...keys: (string | number)[]): () => number {
  const next = mulberry32(hashString(`${seed >>> 0}:${keys.join(':')}`));
  next();
  return next;
}

/** One uniform draw in [0, 1) named by a seed and a path of keys. */
export function draw(seed: number, ...keys: (string | number)[]): number {
  return streamFor(seed, ...keys)();
}

/** A normal draw (Box-Muller) with mean 0 and the given standard deviation. */
export function normal(next: () => number, sd: number): number {
  const u = 1 - next();
  return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Splits a non-negative integer total over weights by largest remainder (ties go to the earlier weight). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const target = Math.max(0, Math.round(total));
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * target);
  const result = exact.map(Math.floor);
  let rest = target - result.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    result[i]! += 1;
  }
  return result;
}
