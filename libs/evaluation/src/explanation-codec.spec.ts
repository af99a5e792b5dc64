import { compactExplanation, expandExplanation } from './explanation-codec';

const TEMPLATE = {
  status: 'graded',
  firmId: 'a',
  landMu: '12.5',
  indicators: [
    { indicatorId: 'taxPerMu', weight: '30', value: '2.1', measured: { ratio: '0.9', capped: false }, score: '27' },
    { indicatorId: 'rd', weight: '10', value: null, measured: null, score: '0' },
  ],
  rank: 3,
  classDecision: { floorsTriggered: [], final: 'B' },
};

describe('explanations stored as a delta against a template', () => {
  it.each([
    ['the template itself', TEMPLATE],
    ['another firm: other figures, scores and rank', { ...TEMPLATE, firmId: 'b', landMu: '3', rank: 17 }],
    [
      'a value where the template has none, and none where it has one',
      {
        ...TEMPLATE,
        indicators: [
          { ...TEMPLATE.indicators[0], value: null, measured: null },
          { ...TEMPLATE.indicators[1], value: '0.02', measured: { ratio: '1.1', capped: true } },
        ],
      },
    ],
    ['a list of another length', { ...TEMPLATE, indicators: [TEMPLATE.indicators[0]] }],
    [
      'a floor triggered (an object where the template has an empty list)',
      { ...TEMPLATE, classDecision: { floorsTriggered: [{ indicatorId: 'x', class: 'D' }], final: 'D' } },
    ],
    ['keys in another order', { firmId: 'c', status: 'graded', rank: 1 }],
    ['numbers, booleans and zero', { ...TEMPLATE, rank: 0, landMu: '0' }],
    ['strings that look like the markers', { ...TEMPLATE, firmId: '0', landMu: '=' }],
  ])('expands %s to the same JSON', (_situation, value) => {
    const delta = compactExplanation(value, TEMPLATE);
    expect(JSON.stringify(expandExplanation(TEMPLATE, JSON.parse(JSON.stringify(delta))))).toBe(JSON.stringify(value));
  });

  it('stores only what differs', () => {
    const other = { ...TEMPLATE, firmId: 'b', rank: 4 };
    expect(JSON.stringify(compactExplanation(other, TEMPLATE)).length).toBeLessThan(JSON.stringify(other).length / 3);
    expect(compactExplanation(TEMPLATE, JSON.parse(JSON.stringify(TEMPLATE)))).toBe(0);
  });
});
