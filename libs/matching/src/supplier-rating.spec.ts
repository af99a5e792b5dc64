import { DeliveryFacts, explainRating, NEUTRAL_RATING, rateSupplier } from './supplier-rating';

const facts = (partial: Partial<DeliveryFacts>): DeliveryFacts => ({
  delivered: 0,
  deliveredOnTime: 0,
  piecesDelivered: 0,
  defectPieces: 0,
  accepted: 0,
  declined: 0,
  expired: 0,
  ...partial,
});

describe('the supplier rating', () => {
  it.each([
    // Hand-computed: score = 5 × (0.4 on time + 0.4 quality + 0.2 kept), rating = (n × score + 3 × 3) / (n + 3).
    { situation: 'a firm without a record is neutral', given: facts({}), rating: 3 },
    {
      situation: 'a perfect record of 3 deliveries is halfway between neutral and 5',
      given: facts({ delivered: 3, deliveredOnTime: 3, piecesDelivered: 900 }),
      rating: 4,
    },
    {
      situation: 'a perfect record of 97 deliveries is almost 5',
      given: facts({ delivered: 97, deliveredOnTime: 97, piecesDelivered: 9700 }),
      rating: 4.94,
    },
    {
      // on time 1/2, quality 0.9, kept 1: score 5 × (0.2 + 0.36 + 0.2) = 3.8; (2 × 3.8 + 9) / 5 = 3.32
      situation: 'one late delivery of two and 10% defects',
      given: facts({ delivered: 2, deliveredOnTime: 1, piecesDelivered: 1000, defectPieces: 100 }),
      rating: 3.32,
    },
    {
      // no deliveries: on time and quality neutral 0.6; kept 0: score 5 × (0.24 + 0.24 + 0) = 2.4; (3 × 2.4 + 9) / 6 = 2.7
      situation: 'three proposals declined or expired, none delivered',
      given: facts({ declined: 2, expired: 1 }),
      rating: 2.7,
    },
    {
      // kept 1, rest neutral: score 5 × (0.24 + 0.24 + 0.2) = 3.4; (1 × 3.4 + 9) / 4 = 3.1
      situation: 'one accepted proposal not delivered yet',
      given: facts({ accepted: 1 }),
      rating: 3.1,
    },
  ])('$situation → $rating', ({ given, rating }) => {
    expect(rateSupplier(given).rating).toBe(rating);
  });

  it('stays within 0–5 at the extremes', () => {
    // all late, all defective, half declined: score 5 × 0.2 × 0.5 = 0.5; (1000 × 0.5 + 9) / 1003 = 0.5075
    const worst = rateSupplier(facts({ delivered: 500, piecesDelivered: 500, defectPieces: 500, declined: 500 }));
    const best = rateSupplier(facts({ delivered: 10_000, deliveredOnTime: 10_000, piecesDelivered: 10_000 }));
    expect(worst.rating).toBe(0.51);
    expect(best.rating).toBeLessThanOrEqual(5);
    expect(best.rating).toBeGreaterThan(4.99);
  });

  it('explains the neutral value to a firm without a record, and the figures to one with a record', () => {
    expect(explainRating(rateSupplier())).toContain(`neutral value`);
    expect(explainRating(rateSupplier())).toContain(NEUTRAL_RATING.toFixed(2));
    const text = explainRating(
      rateSupplier(facts({ delivered: 2, deliveredOnTime: 1, piecesDelivered: 1000, defectPieces: 100 })),
    );
    expect(text).toContain('Rated 3.32');
    expect(text).toContain('1 of 2 delivered');
    expect(text).toContain('100 defective of 1000');
  });
});
