import { competitionRanks, cutPositions } from './class-cuts';
import { evaluate } from './evaluate';
import { firm, gradedFirm, scheme } from '../../../../tests/fixtures/evaluation-engine.fixtures';
import { Exact } from './exact-decimal';

const A20_B60_C15_D5 = [
  { class: 'A', sharePercent: new Exact(20) },
  { class: 'B', sharePercent: new Exact(60) },
  { class: 'C', sharePercent: new Exact(15) },
  { class: 'D', sharePercent: new Exact(5) },
];

describe('cutPositions (A 20 / B 60 / C 15 / D 5)', () => {
  it.each([
    [1, [0, 1, 1, 1]],
    [2, [0, 2, 2, 2]],
    [3, [1, 2, 3, 3]],
    [5, [1, 4, 5, 5]],
    [7, [1, 6, 7, 7]],
    [10, [2, 8, 10, 10]],
    [13, [3, 10, 12, 13]],
    [50, [10, 40, 48, 50]],
    [1248, [250, 998, 1186, 1248]],
  ])('rounds cumulative share × %i firms half up to %j', (groupSize, positions) => {
    expect(cutPositions(A20_B60_C15_D5, groupSize).map((cut) => cut.position)).toEqual(positions);
  });
});

describe('competitionRanks', () => {
  it.each([
    ['distinct totals', [30, 20, 10], [1, 2, 3]],
    ['a tie in the middle', [10, 9, 9, 8], [1, 2, 2, 4]],
    ['all tied', [5, 5, 5], [1, 1, 1]],
  ])('ranks %s', (_situation, totals, ranks) => {
    expect(competitionRanks(totals.map((total) => new Exact(total)))).toEqual(ranks);
  });
});

describe('classes in a population of 7 (cut positions 1 / 6 / 7 / 7)', () => {
  // Tax per mu per firm f1…f7; each point of tax per mu is 10 points of score.
  it.each([
    ['without ties: D stays empty', [70, 60, 50, 40, 30, 20, 10], [1, 2, 3, 4, 5, 6, 7], 'ABBBBBC', [1, 5, 1, 0]],
    [
      'with a tie across the A cut: both get A',
      [70, 70, 50, 40, 30, 20, 10],
      [1, 1, 3, 4, 5, 6, 7],
      'AABBBBC',
      [2, 4, 1, 0],
    ],
    [
      'with a tie across the B cut: both get B',
      [70, 60, 50, 40, 30, 20, 20],
      [1, 2, 3, 4, 5, 6, 6],
      'ABBBBBB',
      [1, 6, 0, 0],
    ],
  ])('grades %s', (_situation, taxPerMu, ranks, classes, firmsByClass) => {
    const firms = taxPerMu.map((value, index) => firm(`f${index + 1}`, `${3 * value}`));

    const result = evaluate(scheme(), firms);

    const graded = firms.map((input) => gradedFirm(result, input.firmId));
    expect(graded.map((g) => g.rank)).toEqual(ranks);
    expect(graded.map((g) => g.class).join('')).toBe(classes);
    expect(result.populations[0].rankingGroups[0].cuts.map((cut) => cut.firmsByRank)).toEqual(firmsByClass);
  });

  it('gives tied firms the same percentile, from the better rank', () => {
    const values = [70, 60, 50, 40, 30, 20, 20];
    const result = evaluate(
      scheme(),
      values.map((value, index) => firm(`f${index + 1}`, `${3 * value}`)),
    );

    expect(['f5', 'f6', 'f7'].map((id) => gradedFirm(result, id).rankPercentile)).toEqual([
      '71.4286',
      '85.7143',
      '85.7143',
    ]);
  });
});

describe('classes in a population of 20 (cut positions 4 / 16 / 19 / 20)', () => {
  it('fills every class to its share when totals are distinct', () => {
    const firms = Array.from({ length: 20 }, (_, index) =>
      firm(`f${String(index + 1).padStart(2, '0')}`, `${3 * (20 - index)}`),
    );

    const result = evaluate(scheme(), firms);

    expect(result.populations[0].rankingGroups[0].cuts).toEqual([
      { class: 'A', sharePercent: '20', cumulativeSharePercent: '20', cutPosition: 4, firmsByRank: 4, firmsFinal: 4 },
      {
        class: 'B',
        sharePercent: '60',
        cumulativeSharePercent: '80',
        cutPosition: 16,
        firmsByRank: 12,
        firmsFinal: 12,
      },
      { class: 'C', sharePercent: '15', cumulativeSharePercent: '95', cutPosition: 19, firmsByRank: 3, firmsFinal: 3 },
      { class: 'D', sharePercent: '5', cumulativeSharePercent: '100', cutPosition: 20, firmsByRank: 1, firmsFinal: 1 },
    ]);
    expect(gradedFirm(result, 'f20').classDecision.byRank).toEqual({ class: 'D', cutPosition: 20 });
  });
});
