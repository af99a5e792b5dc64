import { EntityManager } from 'typeorm';

/**
 * The supplier rating, 0–5: one rule, computed from the firm's own delivery record (its proposals), which only
 * matching holds. Everything that shows or filters on a rating (quote, re-plan, the public supplier profile, the
 * firm's own explanation) calls `supplierRatingsOf`.
 *
 * From the firm's proposals that reached an outcome:
 * - on-time share  = delivered by their last day / delivered                    (neutral 0.6 when none delivered)
 * - quality share  = 1 − defect pieces / delivered pieces                        (neutral 0.6 when none delivered)
 * - keeping word   = 1 − (declined + expired) / (accepted + delivered + declined + expired)   (neutral 0.6 when none)
 * - record score   = 5 × (0.4 × on-time + 0.4 × quality + 0.2 × keeping word)
 * - rating         = (n × record score + PRIOR_WEIGHT × NEUTRAL) / (n + PRIOR_WEIGHT), n = proposals with an outcome,
 *                    rounded half up to 2 decimals.
 * A firm without a record is rated NEUTRAL (3.00): neither the best nor the worst; a short record moves it only part
 * of the way (PRIOR_WEIGHT proposals' worth of neutral evidence), so one late delivery does not sink a new firm.
 */
export const NEUTRAL_RATING = 3;
export const PRIOR_WEIGHT = 3;
export const RATING_WEIGHTS = { onTime: 0.4, quality: 0.4, keepingWord: 0.2 } as const;
const NEUTRAL_SHARE = NEUTRAL_RATING / 5;

export interface DeliveryFacts {
  delivered: number;
  deliveredOnTime: number;
  piecesDelivered: number;
  defectPieces: number;
  /** Proposals accepted and not delivered yet. */
  accepted: number;
  declined: number;
  expired: number;
}

export interface SupplierRating {
  /** 0–5, 2 decimals. */
  rating: number;
  facts: DeliveryFacts;
  onTimeShare: number | null;
  qualityShare: number | null;
  keepingWordShare: number | null;
  /** 5 × the weighted shares (neutral shares where there is no evidence), before the neutral prior. */
  recordScore: number;
  /** Proposals with an outcome: the weight of the record against the neutral prior. */
  evidence: number;
}

const NO_FACTS: DeliveryFacts = {
  delivered: 0,
  deliveredOnTime: 0,
  piecesDelivered: 0,
  defectPieces: 0,
  accepted: 0,
  declined: 0,
  expired: 0,
};

/** The rating of one firm from its facts (pure: the rule itself). */
export function rateSupplier(facts: DeliveryFacts = NO_FACTS): SupplierRating {
  const onTimeShare = facts.delivered > 0 ? facts.deliveredOnTime / facts.delivered : null;
  const qualityShare = facts.piecesDelivered > 0 ? 1 - facts.defectPieces / facts.piecesDelivered : null;
  const evidence = facts.accepted + facts.delivered + facts.declined + facts.expired;
  const keepingWordShare = evidence > 0 ? 1 - (facts.declined + facts.expired) / evidence : null;
  const recordScore =
    5 *
    (RATING_WEIGHTS.onTime * (onTimeShare ?? NEUTRAL_SHARE) +
      RATING_WEIGHTS.quality * (qualityShare ?? NEUTRAL_SHARE) +
      RATING_WEIGHTS.keepingWord * (keepingWordShare ?? NEUTRAL_SHARE));
  const blended = (evidence * recordScore + PRIOR_WEIGHT * NEUTRAL_RATING) / (evidence + PRIOR_WEIGHT);
  return {
    rating: Math.round(blended * 100 + 1e-9) / 100,
    facts,
    onTimeShare,
    qualityShare,
    keepingWordShare,
    recordScore,
    evidence,
  };
}

/** The plain-language account a firm sees of its own rating. */
export function explainRating(rated: SupplierRating): string {
  const { facts } = rated;
  if (rated.evidence === 0) {
    return `No delivery record yet: rated ${NEUTRAL_RATING.toFixed(2)}, the neutral value, until proposals reach an outcome.`;
  }
  const percent = (share: number | null) => (share === null ? 'no deliveries yet' : `${(share * 100).toFixed(1)}%`);
  return (
    `Rated ${rated.rating.toFixed(2)} of 5 from ${rated.evidence} proposals with an outcome: ` +
    `on time ${percent(rated.onTimeShare)} (${facts.deliveredOnTime} of ${facts.delivered} delivered), ` +
    `pieces without defect ${percent(rated.qualityShare)} (${facts.defectPieces} defective of ${facts.piecesDelivered}), ` +
    `proposals kept ${percent(rated.keepingWordShare)} (${facts.declined} declined, ${facts.expired} expired). ` +
    `Record score 5 × (0.4 on time + 0.4 quality + 0.2 kept) = ${rated.recordScore.toFixed(2)}, ` +
    `blended with ${PRIOR_WEIGHT} proposals' worth of the neutral ${NEUTRAL_RATING.toFixed(2)}.`
  );
}

/** The rating of each of these firms, in one statement; firms without a record get the neutral rating. */
export async function supplierRatingsOf(
  manager: EntityManager,
  firmIds: readonly string[],
): Promise<Map<string, SupplierRating>> {
  const unique = [...new Set(firmIds)];
  if (!unique.length) return new Map();
  const rows: ({ firm_id: string } & Record<keyof DeliveryFacts, string>)[] = await manager.query(
    `SELECT firm_id,
            COUNT(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
            COUNT(*) FILTER (WHERE status = 'DELIVERED' AND delivered_on <= last_day) AS "deliveredOnTime",
            COALESCE(SUM(units_delivered) FILTER (WHERE status = 'DELIVERED'), 0) AS "piecesDelivered",
            COALESCE(SUM(defect_units) FILTER (WHERE status = 'DELIVERED'), 0) AS "defectPieces",
            COUNT(*) FILTER (WHERE status = 'ACCEPTED') AS accepted,
            COUNT(*) FILTER (WHERE status = 'DECLINED') AS declined,
            COUNT(*) FILTER (WHERE status = 'EXPIRED') AS expired
       FROM proposals
      WHERE firm_id = ANY($1::uuid[]) AND status IN ('DELIVERED', 'ACCEPTED', 'DECLINED', 'EXPIRED')
      GROUP BY firm_id`,
    [unique],
  );
  const byFirm = new Map(
    rows.map((row) => [
      row.firm_id,
      rateSupplier({
        delivered: Number(row.delivered),
        deliveredOnTime: Number(row.deliveredOnTime),
        piecesDelivered: Number(row.piecesDelivered),
        defectPieces: Number(row.defectPieces),
        accepted: Number(row.accepted),
        declined: Number(row.declined),
        expired: Number(row.expired),
      }),
    ]),
  );
  const neutral = rateSupplier();
  return new Map(unique.map((firmId) => [firmId, byFirm.get(firmId) ?? neutral]));
}
