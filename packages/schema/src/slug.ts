const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ł: 'l' };

/**
 * A URL slug of a name: lower-case ASCII letters and digits joined by single dashes
 * (Kärkölä → karkola, Sysmä → sysma, "Lahti – Keskusta" → lahti-keskusta).
 */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ßæøœđł]/g, (ch) => FOLD[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
