import { Exact } from './exact-decimal';
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
