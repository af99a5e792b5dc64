import { Injectable } from '@nestjs/common';
import { toModel, UnitOfWork } from '@vg/core';
import { firmsJoined } from '@vg/firms';
import { currentWindow, upliftQuery } from '@vg/output';
import { CockpitUpliftModel, NotCoveredCountModel, UpliftBucketModel } from './dto/cockpit-uplift.models';

/** Edges of the histogram, in percent: buckets below the first edge, between edges, and from the last one up. */
export const UPLIFT_BUCKET_EDGES = ['-50', '-25', '-10', '0', '10', '20', '30', '50', '100'];

interface UpliftAggregateRow {
  firms: number;
  covered: number;
  average: string | null;
  median: string | null;
  added: string;
  baseline: string;
  current: string;
  platform: string;
  buckets: { bucket: number; firms: number }[] | null;
  not_covered: { reason: string; firms: number }[] | null;
}

/**
 * The park's uplift distribution and totals in one statement over the output context's own per-firm uplift
 * statement (so the cockpit and `upliftSummary` cannot disagree on what uplift is), for the park's firms from the
 * day each joined the platform (firms').
 */
@Injectable()
export class UpliftCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async uplift(parkId: string, asOfMonth?: string | null): Promise<CockpitUpliftModel> {
    const window = currentWindow(asOfMonth ?? undefined);
    const members = await firmsJoined(this.unitOfWork.manager, { parkId });
    const [perFirm, parameters] = upliftQuery(members, window);
    const edges = `$${parameters.length + 1}::numeric[]`;
    const [row]: UpliftAggregateRow[] = await this.unitOfWork.manager.query(
      `WITH per_firm AS (${perFirm}),
       covered AS (SELECT * FROM per_firm WHERE not_covered_reason IS NULL),
       buckets AS (SELECT width_bucket(uplift_percent, ${edges}) AS bucket, COUNT(*)::int AS firms FROM covered GROUP BY 1),
       reasons AS (
         SELECT not_covered_reason AS reason, COUNT(*)::int AS firms FROM per_firm
          WHERE not_covered_reason IS NOT NULL GROUP BY 1)
       SELECT (SELECT COUNT(*)::int FROM per_firm) AS firms,
              COUNT(*)::int AS covered,
              round(AVG(100 * (current - baseline) / baseline), 4)::text AS average,
              (percentile_disc(0.5) WITHIN GROUP (ORDER BY uplift_percent))::text AS median,
              COALESCE(SUM(added), 0)::text AS added,
              COALESCE(SUM(baseline), 0)::text AS baseline,
              COALESCE(SUM(current), 0)::text AS current,
              COALESCE(SUM(platform), 0)::text AS platform,
              (SELECT json_agg(buckets ORDER BY bucket) FROM buckets) AS buckets,
              (SELECT json_agg(reasons ORDER BY reason) FROM reasons) AS not_covered
         FROM covered`,
      [...parameters, UPLIFT_BUCKET_EDGES],
    );
    const counts = new Map((row.buckets ?? []).map((bucket) => [bucket.bucket, bucket.firms]));
    return toModel(CockpitUpliftModel, {
      parkId,
      asOfMonth: window.to,
      firms: row.firms,
      coveredFirms: row.covered,
      averageUpliftPercent: row.average,
      medianUpliftPercent: row.median,
      totalAddedOutput: row.added,
      totalBaselineOutput: row.baseline,
      totalCurrentOutput: row.current,
      totalPlatformOutput: row.platform,
      // width_bucket numbers the buckets 0 (below the first edge) to edges.length (from the last edge up).
      buckets: Array.from({ length: UPLIFT_BUCKET_EDGES.length + 1 }, (_, bucket) =>
        toModel(UpliftBucketModel, {
          lowerPercent: bucket === 0 ? null : UPLIFT_BUCKET_EDGES[bucket - 1],
          upperPercent: bucket === UPLIFT_BUCKET_EDGES.length ? null : UPLIFT_BUCKET_EDGES[bucket],
          firms: counts.get(bucket) ?? 0,
        }),
      ),
      notCovered: (row.not_covered ?? []).map((reason) =>
        toModel(NotCoveredCountModel, { reason: reason.reason, firms: reason.firms }),
      ),
    });
  }
}
