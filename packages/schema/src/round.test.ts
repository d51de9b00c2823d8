import { describe, expect, it } from 'vitest';
import { DEFAULT_CYCLE_RULE, ROUND_STATUSES, RoundInput, canTransition, familyForYear } from './round.ts';

describe('the round lifecycle', () => {
  it('allows exactly draft→open, open→closed, closed→open (reopen) and closed→published', () => {
    const allowed = ROUND_STATUSES.flatMap((from) =>
      ROUND_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(['draft→open', 'open→closed', 'closed→open', 'closed→published']);
  });
});

describe('the cycle rule', () => {
  it('puts early childhood education in odd years and basic education in even years by default', () => {
    expect([2023, 2024, 2025, 2026, 2027].map((y) => familyForYear(DEFAULT_CYCLE_RULE, y))).toEqual([
      'ecec',
      'basic',
      'ecec',
      'basic',
      'ecec',
    ]);
  });

  it('follows a changed rule as data', () => {
    expect(familyForYear({ odd: 'basic', even: 'ecec' }, 2027)).toBe('basic');
  });
});

describe('RoundInput', () => {
  const base = {
    family: 'basic',
    instrumentVersionId: 1,
    year: 2026,
    opensOn: '2026-03-02',
    closesOn: '2026-03-15',
    municipalityCodes: ['398'],
  };

  it('rejects a round that closes before it opens, naming closesOn', () => {
    const r = RoundInput.safeParse({ ...base, closesOn: '2026-03-01' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['closesOn']);
  });

  it('rejects a malformed municipality code, naming its position', () => {
    const r = RoundInput.safeParse({ ...base, municipalityCodes: ['398', 'Lahti'] });
    expect(r.error?.issues[0]?.path).toEqual(['municipalityCodes', 1]);
  });

  it('rejects a start date outside the round year', () => {
    const r = RoundInput.safeParse({ ...base, opensOn: '2025-12-30' });
    expect(r.error?.issues[0]?.path).toEqual(['opensOn']);
  });
});
