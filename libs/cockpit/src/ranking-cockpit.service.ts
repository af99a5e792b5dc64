import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@vg/core';
import { currentWindow, upliftQuery } from '@vg/output';
import { CockpitRankingModel, ExplanationModel, RankedFirmModel, RankingIndicator } from './dto/cockpit-ranking.models';
import { latestPublishedRounds, TAX_PER_MU, VALUE_ADDED_PER_MU } from './published-results';

const UNITS: Record<RankingIndicator, string> = {
  OUTPUT: '元',
  UPLIFT: '%',
  PLATFORM_SHARE: '%',
  SCORE: '分',
  TAX_PER_MU: '万元/亩',
  VALUE_ADDED_PER_MU: '万元/亩',
};

/** The records behind an output figure: the output context's trace of the firm's uplift window. */
const UPLIFT_TRACE = `query ($firmId: ID!, $asOfMonth: String) {
  upliftTrace(firmId: $firmId, asOfMonth: $asOfMonth) {
    uplift { firmId joinedOn baselineFrom baselineTo currentFrom currentTo baselineOutput currentOutput addedOutput
             upliftPercent platformOutput platformSharePercent covered notCoveredReason }
    baselineRecords { month outputValue source auditState }
    currentRecords { month outputValue source auditState }
    platformMonths { month amount allocations }
  }
}`;

/** The published result with the engine's explanation of every indicator. */
const EVALUATION_RESULT = `query ($roundId: ID!, $firmId: ID!) {
  evaluationResult(roundId: $roundId, firmId: $firmId) {
    firmId status total rank class
    graded {
      landMu total rank class
      indicators { indicatorId name unit numeratorFigure numeratorValue denominatorFigure denominatorValue value benchmark score }
    }
    figures { figure value }
  }
}`;

/**
 * Top and bottom firms of a park by one indicator, in one statement (both ends by window ranks), each with the query
 * that explains its figure.
 */
@Injectable()
export class RankingCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async ranking(parkId: string, indicator: RankingIndicator, first: number): Promise<CockpitRankingModel> {
    const window = currentWindow();
    const [values, parameters] = this.valuesOf(indicator, parkId);
    const limit = `$${parameters.length + 1}`;
    const rows: {
      firm_id: string;
      name: string;
      value: string;
      round_id: string | null;
      top_rank: number;
      bottom_rank: number;
      ranked: number;
    }[] = await this.unitOfWork.manager.query(
      `WITH v AS (${values}),
       ranked AS (
         SELECT v.firm_id, f.name, v.value::text AS value, v.round_id,
                (row_number() OVER (ORDER BY v.value DESC, v.firm_id))::int AS top_rank,
                (row_number() OVER (ORDER BY v.value ASC, v.firm_id))::int AS bottom_rank,
                (COUNT(*) OVER ())::int AS ranked
           FROM v JOIN firms f ON f.id = v.firm_id
          WHERE v.value IS NOT NULL)
       SELECT * FROM ranked WHERE top_rank <= ${limit} OR bottom_rank <= ${limit}`,
      [...parameters, first],
    );
    const toModel = (row: (typeof rows)[number], rank: number) =>
      Object.assign(new RankedFirmModel(), {
        rank,
        firmId: row.firm_id,
        firmName: row.name,
        value: row.value,
        explanation: Object.assign(
          new ExplanationModel(),
          row.round_id
            ? { query: EVALUATION_RESULT, variables: JSON.stringify({ roundId: row.round_id, firmId: row.firm_id }) }
            : { query: UPLIFT_TRACE, variables: JSON.stringify({ firmId: row.firm_id, asOfMonth: window.to }) },
        ),
      });
    return Object.assign(new CockpitRankingModel(), {
      parkId,
      indicator,
      unit: UNITS[indicator],
      rankedFirms: rows[0]?.ranked ?? 0,
      top: rows
        .filter((row) => row.top_rank <= first)
        .sort((a, b) => a.top_rank - b.top_rank)
        .map((row) => toModel(row, row.top_rank)),
      bottom: rows
        .filter((row) => row.bottom_rank <= first)
        .sort((a, b) => a.bottom_rank - b.bottom_rank)
        .map((row) => toModel(row, row.bottom_rank)),
    });
  }

  /** One row per firm of the park: firm_id, value (numeric, null = no value), round_id (evaluation indicators). */
  private valuesOf(indicator: RankingIndicator, parkId: string): [string, unknown[]] {
    switch (indicator) {
      case RankingIndicator.OUTPUT:
      case RankingIndicator.UPLIFT:
      case RankingIndicator.PLATFORM_SHARE: {
        const [perFirm, parameters] = upliftQuery({ kind: 'park', parkId }, currentWindow());
        const value = {
          OUTPUT: 'current',
          UPLIFT: 'uplift_percent',
          PLATFORM_SHARE: 'platform_share_percent',
        }[indicator];
        return [`SELECT firm_id, ${value} AS value, NULL::uuid AS round_id FROM (${perFirm}) AS per_firm`, parameters];
      }
      case RankingIndicator.SCORE:
      case RankingIndicator.TAX_PER_MU:
      case RankingIndicator.VALUE_ADDED_PER_MU: {
        const value = {
          SCORE: 'r.total',
          TAX_PER_MU: `${TAX_PER_MU('r')}::numeric`,
          VALUE_ADDED_PER_MU: `${VALUE_ADDED_PER_MU('r')}::numeric`,
        }[indicator];
        return [
          `SELECT r.firm_id, ${value} AS value, r.round_id FROM evaluation_results r
            WHERE r.round_id = (SELECT id FROM (${latestPublishedRounds()}) AS rounds ORDER BY year DESC LIMIT 1)
              AND r.status = 'GRADED'`,
          [parkId],
        ];
      }
    }
  }
}
