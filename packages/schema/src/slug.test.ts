import { describe, expect, it } from 'vitest';
import { slugify } from './slug.ts';

describe('slugify', () => {
  it.each([
    ['Lahti', 'lahti'],
    ['Kärkölä', 'karkola'],
    ['Sysmä', 'sysma'],
    ['Padasjoki', 'padasjoki'],
    ['Gustav Adolfs', 'gustav-adolfs'],
    ['Åbo', 'abo'],
    ['  Lahti – Keskusta  ', 'lahti-keskusta'],
    ['Straße', 'strasse'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('yields only lower-case ASCII letters, digits and inner dashes', () => {
    for (const name of ['Ääneläinen!!', '--x--', 'Öö 12 Åå', 'Ц']) {
      expect(slugify(name)).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
    }
  });
});
