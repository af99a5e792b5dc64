import { Injectable } from '@nestjs/common';
import { toModel, UnitOfWork } from '@vg/core';
import { publishedValuesStatement } from '@vg/evaluation';
import { firmNames, firmsJoined } from '@vg/firms';
import { currentWindow, upliftQuery, UpliftWindow } from '@vg/output';
import { CockpitRankingModel, ExplanationModel, RankedFirmModel, RankingIndicator } from './dto/cockpit-ranking.models';

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
 * Top and bottom firms of a park by one indicator, in one statement (both ends by window ranks) over the values the
 * owning context states (output's per-firm uplift, evaluation's published results), then the firms' names; each
 * with the query that explains its figure.
 */
@Injectable()
export class RankingCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async ranking(parkId: string, indicator: RankingIndicator, first: number): Promise<CockpitRankingModel> {
    const window = currentWindow();
    const [values, parameters] = await this.valuesOf(indicator, parkId, window);
    const limit = `$${parameters.length + 1}`;
    const rows: {
      firm_id: string;
      value: string;
      round_id: string | null;
      top_rank: number;
      bottom_rank: number;
      ranked: number;
    }[] = await this.unitOfWork.manager.query(
      `WITH v AS (${values}),
       ranked AS (
         SELECT v.firm_id, v.value::text AS value, v.round_id,
                (row_number() OVER (ORDER BY v.value DESC, v.firm_id))::int AS top_rank,
                (row_number() OVER (ORDER BY v.value ASC, v.firm_id))::int AS bottom_rank,
                (COUNT(*) OVER ())::int AS ranked
           FROM v
          WHERE v.value IS NOT NULL)
       SELECT * FROM ranked WHERE top_rank <= ${limit} OR bottom_rank <= ${limit}`,
      [...parameters, first],
    );
    const names = await firmNames(
      this.unitOfWork.manager,
      rows.map((row) => row.firm_id),
    );
    const ranked = (row: (typeof rows)[number], rank: number) =>
      toModel(RankedFirmModel, {
        rank,
        firmId: row.firm_id,
        firmName: names.get(row.firm_id) ?? '',
        value: row.value,
        explanation: toModel(
          ExplanationModel,
          row.round_id
            ? { query: EVALUATION_RESULT, variables: JSON.stringify({ roundId: row.round_id, firmId: row.firm_id }) }
            : { query: UPLIFT_TRACE, variables: JSON.stringify({ firmId: row.firm_id, asOfMonth: window.to }) },
        ),
      });
    return toModel(CockpitRankingModel, {
      parkId,
      indicator,
      unit: UNITS[indicator],
      rankedFirms: rows[0]?.ranked ?? 0,
      top: rows
        .filter((row) => row.top_rank <= first)
        .sort((a, b) => a.top_rank - b.top_rank)
        .map((row) => ranked(row, row.top_rank)),
      bottom: rows
        .filter((row) => row.bottom_rank <= first)
        .sort((a, b) => a.bottom_rank - b.bottom_rank)
        .map((row) => ranked(row, row.bottom_rank)),
    });
  }

  /** One row per firm of the park: firm_id, value (numeric, null = no value), round_id (evaluation indicators). */
  private async valuesOf(
    indicator: RankingIndicator,
    parkId: string,
    window: UpliftWindow,
  ): Promise<[string, unknown[]]> {
    switch (indicator) {
      case RankingIndicator.OUTPUT:
      case RankingIndicator.UPLIFT:
      case RankingIndicator.PLATFORM_SHARE: {
        const members = await firmsJoined(this.unitOfWork.manager, { parkId });
        const [perFirm, parameters] = upliftQuery(members, window);
        const value = {
          OUTPUT: 'current',
          UPLIFT: 'uplift_percent',
          PLATFORM_SHARE: 'platform_share_percent',
        }[indicator];
        return [`SELECT firm_id, ${value} AS value, NULL::uuid AS round_id FROM (${perFirm}) AS per_firm`, parameters];
      }
      case RankingIndicator.SCORE:
      case RankingIndicator.TAX_PER_MU:
      case RankingIndicator.VALUE_ADDED_PER_MU:
        return publishedValuesStatement(indicator, parkId);
    }
  }
}
