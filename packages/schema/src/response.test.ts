import { describe, expect, it } from 'vitest';
import { basicV1 } from '../../instruments/src/basic-v1.ts';
import { InstrumentDefinition } from './instrument.ts';
import { Submission, textLength, validateAgainstInstrument } from './response.ts';
import { mapTexts } from './translation.ts';

const def = InstrumentDefinition.parse(basicV1);
const base = Submission.parse({
  municipality: 'lahti',
  unitId: 3,
  groupKey: 'grades_3_6',
  language: 'fi',
  answers: { interaction_staff_friendly: 5, safety_feels_safe: 0, overall_grade: 9 },
  openAnswers: { open_went_well: 'Hyvä koulu' },
});

describe('validateAgainstInstrument', () => {
  it('accepts a response that fits the version, "can\'t say" included', () => {
    expect(validateAgainstInstrument(def, base)).toEqual([]);
  });

  it('names an unknown item', () => {
    const issues = validateAgainstInstrument(def, { ...base, answers: { nonsense_item: 3 } });
    expect(issues).toMatchObject([{ field: 'answers.nonsense_item', code: 'unknown_item' }]);
  });

  it.each([
    ['interaction_staff_friendly', 6],
    ['interaction_staff_friendly', -1],
    ['overall_grade', 3],
    ['overall_grade', 11],
    ['overall_grade', 0],
  ])('rejects %s = %i as outside the scale', (key, value) => {
    const issues = validateAgainstInstrument(def, { ...base, answers: { [key]: value } });
    expect(issues).toMatchObject([{ field: `answers.${key}`, code: 'out_of_scale' }]);
  });

  it('rejects an answer to an open question given as a rating, and a rating given as text', () => {
    const issues = validateAgainstInstrument(def, {
      ...base,
      answers: { open_improve: 3 },
      openAnswers: { overall_grade: 'ten' },
    });
    expect(issues.map((i) => i.field).sort()).toEqual(['answers.open_improve', 'openAnswers.overall_grade']);
  });

  it('rejects text over the limit, counting characters as people do', () => {
    const issues = validateAgainstInstrument(def, { ...base, openAnswers: { open_improve: 'x'.repeat(1001) } });
    expect(issues).toMatchObject([{ field: 'openAnswers.open_improve', code: 'too_long', params: { limit: 1000 } }]);
    expect(validateAgainstInstrument(def, { ...base, openAnswers: { open_improve: '😀'.repeat(1000) } })).toEqual([]);
    expect(textLength('😀a')).toBe(2);
  });

  it('requires the group and knows its options', () => {
    expect(validateAgainstInstrument(def, { ...base, groupKey: null })).toMatchObject([
      { field: 'groupKey', code: 'required' },
    ]);
    expect(validateAgainstInstrument(def, { ...base, groupKey: 'under_3' })).toMatchObject([
      { field: 'groupKey', code: 'not_an_option' },
    ]);
  });

  it('requires items marked required', () => {
    const strict = InstrumentDefinition.parse({
      ...basicV1,
      sections: basicV1.sections.map((s, i) =>
        i === 0 ? { ...s, items: s.items.map((item, j) => (j === 0 ? { ...item, required: true } : item)) } : s,
      ),
    });
    expect(validateAgainstInstrument(strict, { ...base, answers: {} })).toMatchObject([
      { field: 'answers.interaction_staff_friendly', code: 'required' },
    ]);
  });

  it('accepts a complete content language and rejects one the version lacks', () => {
    expect(validateAgainstInstrument(def, { ...base, language: 'ar' })).toEqual([]);
    // Both questionnaires are complete in every content language (issue 13.3): a version without Somali.
    const withoutSomali = mapTexts(def, (_key, { so: _so, ...rest }) => rest);
    expect(validateAgainstInstrument(def, { ...base, language: 'so' })).toEqual([]);
    expect(validateAgainstInstrument(withoutSomali, { ...base, language: 'so' })).toMatchObject([
      { field: 'language', code: 'unknown_language' },
    ]);
  });

  it('checks only one page when asked', () => {
    const issues = validateAgainstInstrument(
      def,
      { answers: { interaction_staff_friendly: 9, safety_feels_safe: 9 }, openAnswers: {} },
      { items: ['safety_feels_safe'] },
    );
    expect(issues.map((i) => i.field)).toEqual(['answers.safety_feels_safe']);
  });
});
