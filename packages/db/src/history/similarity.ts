/** Lower case, letters and digits only, single spaces: what two wordings of a question are compared on. */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const g = padded.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * How alike two question texts are, 0–1: the Sørensen–Dice coefficient of their character
 * bigrams after normalising (so word order, small rewordings and inflections still score high).
 *
 * @example
 * similarity('Lapseni viihtyy päiväkodissa.', 'Lapsi viihtyy päiväkodissa') // about 0.85
 */
export function similarity(a: string, b: string): number {
  const x = bigrams(normaliseQuestion(a));
  const y = bigrams(normaliseQuestion(b));
  let total = 0;
  let shared = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}
