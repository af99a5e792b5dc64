import { evaluate } from './evaluate';
import { EvaluationInputError } from './evaluation-input.error';
import { Exact } from './exact-decimal';
import type { FirmYearInput } from './firm-input.types';
import { HUANGYAN_2022_SCHEME } from './huangyan-2022.scheme';
import { landMuFromSquareMetres } from './land';

describe('landMuFromSquareMetres', () => {
  it.each([
    ['2000', '3'],
    ['666.67', '1.000005'],
    ['13333.33', '19.999995'],
    ['0.01', '0.000015'],
    ['123456789.123456', '185185.183685184'],
  ])('converts %s m² to exactly %s mu', (squareMetres, mu) => {
    expect(landMuFromSquareMetres(new Exact(squareMetres)).toFixed()).toBe(mu);
  });
});

describe('land given in mu', () => {
  const belowScale = (figures: FirmYearInput['figures']): FirmYearInput => ({
    firmId: 'tabled',
    scale: 'below',
    hasOwnLand: true,
    figures: { taxPaid: '100', electricityWankwh: '500', ...figures },
  });

  it('is used exactly as tabled: 5.03 mu stays 5.03 mu and divides the tax', () => {
    const [tabled] = evaluate(HUANGYAN_2022_SCHEME, [belowScale({ landMu: '5.03' })]).firms;
    // The same land typed in m² to 2 decimals is 3353.33 m² = 5.029995 mu.
    const [typedInM2] = evaluate(HUANGYAN_2022_SCHEME, [belowScale({ landM2: '3353.33' })]).firms;
    expect(tabled).toMatchObject({ status: 'graded', landMu: '5.03' });
    expect(typedInM2).toMatchObject({ status: 'graded', landMu: '5.029995' });
    const taxPerMu = (result: typeof tabled) => (result.status === 'graded' ? result.indicators[0].value : null);
    // 100 / 5.03 = 19.8807157…; 100 / 5.029995 = 19.8807354…
    expect(taxPerMu(tabled)).toBe('19.880716');
    expect(taxPerMu(typedInM2)).toBe('19.880735');
  });

  it('meets a land threshold exactly at its value (3 mu, the 规下 threshold)', () => {
    const [result] = evaluate(HUANGYAN_2022_SCHEME, [belowScale({ landMu: '3' })]).firms;
    expect(result.status).toBe('graded');
  });

  it('is refused together with land in m²: the unit must be one', () => {
    expect(() => evaluate(HUANGYAN_2022_SCHEME, [belowScale({ landMu: '5.03', landM2: '3353.33' })])).toThrow(
      EvaluationInputError,
    );
  });
});
