import { Injectable } from '@nestjs/common';
import { conflict, notFound, Page, PageArgs, Principal, toModel, UnitOfWork } from '@vg/core';
import { paginateSql } from '@vg/output';
import { ResultFilterInput } from './dto/evaluation.inputs';
import { FirmResultChangeModel, RoundDiffSummaryModel } from './dto/round.models';
import { ResultStatus } from './evaluation-result.entity';
import { EvaluationRoundEntity } from './evaluation-round.entity';
import { assertMayReadResult, readableRound } from './round-access';
import { readStoredResults, type StoredResults } from './stored-results';

interface ChangeRow extends Record<string, unknown> {
  firm_id: string;
  status_before: ResultStatus | null;
  status_after: ResultStatus | null;
  class_before: string | null;
  class_after: string | null;
  total_before: string | null;
  total_after: string | null;
  rank_before: number | null;
  rank_after: number | null;
}

/** Results as stored: a firm its own with the full explanation; a park's admins all of them; diffs of versions. */
@Injectable()
export class ResultsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** One firm's result, expanded, with the figure versions its input names. */
  async result(principal: Principal, roundId: string, firmId: string): Promise<StoredResults> {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    assertMayReadResult(principal, round, firmId);
    const stored = await readStoredResults(this.unitOfWork.manager, round.id, round.computationId, [firmId]);
    if (!stored.results.length) throw notFound('Evaluation result');
    return stored;
  }

  /** A page of the round's results by firm id (graded rows and the computation's list of the others alike). */
  async list(
    principal: Principal,
    roundId: string,
    filter: ResultFilterInput,
    page: PageArgs,
  ): Promise<Page<StoredResults['results'][number]> & Pick<StoredResults, 'versions'>> {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    const ids = await paginateSql<{ firm_id: string }>(
      this.unitOfWork.manager,
      `SELECT firm_id FROM evaluation_round_results
        WHERE round_id = $1 AND ($2::text IS NULL OR "class" = $2) AND ($3::text IS NULL OR population_id = $3)
          AND ($4::evaluation_result_status IS NULL OR status = $4)`,
      [roundId, filter.grade ?? null, filter.populationId ?? null, filter.status ?? null],
      page,
      'firm_id',
    );
    const stored = await readStoredResults(
      this.unitOfWork.manager,
      round.id,
      round.computationId,
      ids.nodes.map((row) => row.firm_id),
    );
    return { ...ids, nodes: stored.results, versions: stored.versions };
  }

  async diffSummary(principal: Principal, roundId: string): Promise<RoundDiffSummaryModel> {
    const { round, previous } = await this.versions(principal, roundId);
    const [row] = await this.unitOfWork.manager.query(
      `SELECT COUNT(*) FILTER (WHERE n.firm_id IS NOT NULL AND o.firm_id IS NOT NULL AND n.class IS DISTINCT FROM o.class)::int AS "classChanged",
              COUNT(*) FILTER (WHERE n.firm_id IS NOT NULL AND o.firm_id IS NOT NULL AND n.total IS DISTINCT FROM o.total)::int AS "scoreChanged",
              COUNT(*) FILTER (WHERE n.status IS DISTINCT FROM o.status OR n.class IS DISTINCT FROM o.class
                                  OR n.total IS DISTINCT FROM o.total OR n.rank IS DISTINCT FROM o.rank)::int AS "firmsChanged",
              COUNT(*) FILTER (WHERE o.firm_id IS NULL)::int AS "firmsAdded",
              COUNT(*) FILTER (WHERE n.firm_id IS NULL)::int AS "firmsRemoved"
         FROM (SELECT * FROM evaluation_round_results WHERE round_id = $1) n
         FULL JOIN (SELECT * FROM evaluation_round_results WHERE round_id = $2) o ON o.firm_id = n.firm_id`,
      [round.id, previous.id],
    );
    return toModel(RoundDiffSummaryModel, {
      roundId: round.id,
      previousRoundId: previous.id,
      previousVersion: previous.version,
      classChanged: row.classChanged,
      scoreChanged: row.scoreChanged,
      firmsChanged: row.firmsChanged,
      firmsAdded: row.firmsAdded,
      firmsRemoved: row.firmsRemoved,
    });
  }

  async diff(principal: Principal, roundId: string, changedOnly: boolean, page: PageArgs) {
    const { round, previous } = await this.versions(principal, roundId);
    const result = await paginateSql<ChangeRow>(
      this.unitOfWork.manager,
      `SELECT COALESCE(n.firm_id, o.firm_id) AS firm_id, o.status AS status_before, n.status AS status_after,
              o.class AS class_before, n.class AS class_after, o.total::text AS total_before, n.total::text AS total_after,
              o.rank AS rank_before, n.rank AS rank_after
         FROM (SELECT firm_id, status, class, total, rank FROM evaluation_round_results WHERE round_id = $1) n
         FULL JOIN (SELECT firm_id, status, class, total, rank FROM evaluation_round_results WHERE round_id = $2) o
           ON o.firm_id = n.firm_id
        WHERE NOT $3::boolean OR n.status IS DISTINCT FROM o.status OR n.class IS DISTINCT FROM o.class
           OR n.total IS DISTINCT FROM o.total OR n.rank IS DISTINCT FROM o.rank`,
      [round.id, previous.id, changedOnly],
      page,
      'firm_id',
    );
    return {
      ...result,
      nodes: result.nodes.map((row) =>
        toModel(FirmResultChangeModel, {
          firmId: row.firm_id,
          statusBefore: row.status_before,
          statusAfter: row.status_after,
          classBefore: row.class_before,
          classAfter: row.class_after,
          totalBefore: row.total_before,
          totalAfter: row.total_after,
          rankBefore: row.rank_before,
          rankAfter: row.rank_after,
        }),
      ),
    };
  }

  private async versions(principal: Principal, roundId: string) {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    if (!round.previousRoundId)
      throw conflict('This is the first version: there is nothing to compare with', 'roundId');
    const previous = await this.unitOfWork.manager.findOneByOrFail(EvaluationRoundEntity, {
      id: round.previousRoundId,
    });
    return { round, previous };
  }
}
