import { Injectable } from '@nestjs/common';
import { conflict, Tx } from '@vg/core';
import { evaluate, EvaluationInputError, type EvaluationScheme, type FirmResult } from './engine';
import { ResultStatus, type StoredInput } from './evaluation-result.entity';
import { EvaluationRoundEntity, RoundStatus, type RoundSummary } from './evaluation-round.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { applyAdjustments } from './adjustments.service';
import { PopulationLoader } from './population-loader';

/** Results per INSERT: one JSON document each, parsed by PostgreSQL (json_to_recordset). */
const RESULTS_PER_STATEMENT = 3000;

const STATUS: Record<FirmResult['status'], ResultStatus> = {
  graded: ResultStatus.GRADED,
  exempt: ResultStatus.EXEMPT,
  notEvaluated: ResultStatus.NOT_EVALUATED,
};

/** What the admin decided when asking for the computation; a recomputation (an accepted objection) keeps it. */
export interface ComputeChoices {
  unlistedAsBelowScale: boolean;
  warnings: string[];
}

export function choicesOf(round: EvaluationRoundEntity): ComputeChoices {
  return {
    unlistedAsBelowScale: round.summary?.unlistedAsBelowScale ?? false,
    warnings: round.summary?.warnings ?? [],
  };
}

export interface ComputationTimings {
  loadMs: number;
  engineMs: number;
  storeMs: number;
  firms: number;
}

/**
 * Computes a round inside the caller's transaction: loads the population (one query), runs the engine, replaces
 * the round's results in bulk and records the population summary. The round stays a draft (or on notice).
 */
@Injectable()
export class RoundComputationService {
  constructor(private readonly loader: PopulationLoader) {}

  async compute(
    tx: Tx,
    round: EvaluationRoundEntity,
    choices: ComputeChoices = choicesOf(round),
  ): Promise<ComputationTimings> {
    const started = performance.now();
    const scheme = await tx.manager.findOneByOrFail(EvaluationSchemeEntity, { id: round.schemeId });
    const population = await this.loader.load(tx.manager, round.parkId, round.year, choices.unlistedAsBelowScale);
    await applyAdjustments(
      tx.manager,
      round.id,
      population.firms.map((firm) => firm.input),
    );
    const loaded = performance.now();

    const definition: EvaluationScheme = { ...scheme.definition, year: round.year };
    let result;
    try {
      result = evaluate(
        definition,
        population.firms.map((firm) => firm.input),
      );
    } catch (error) {
      if (error instanceof EvaluationInputError) throw conflict(`The round cannot be computed: ${error.message}`);
      throw error;
    }
    const evaluated = performance.now();

    const inputs = new Map(population.firms.map((firm) => [firm.input.firmId, firm]));
    await tx.manager.query('DELETE FROM evaluation_results WHERE round_id = $1', [round.id]);
    for (let start = 0; start < result.firms.length; start += RESULTS_PER_STATEMENT) {
      const batch = result.firms.slice(start, start + RESULTS_PER_STATEMENT).map((firm) => resultRow(firm, inputs));
      await tx.manager.query(
        `INSERT INTO evaluation_results (round_id, park_id, firm_id, status, population_id, total, rank, class, input, explanation)
         SELECT $1, $2, r.firm_id, r.status, r.population_id, r.total, r.rank, r.class, r.input, r.explanation
           FROM json_to_recordset($3::json) AS r(firm_id uuid, status evaluation_result_status, population_id text,
                total numeric, rank integer, class text, input json, explanation json)`,
        [round.id, round.parkId, JSON.stringify(batch)],
      );
    }

    const summary: RoundSummary = {
      rules: result.rules,
      populations: result.populations,
      graded: result.firms.filter((firm) => firm.status === 'graded').length,
      exempt: result.firms.filter((firm) => firm.status === 'exempt').length,
      notEvaluated: result.firms.filter((firm) => firm.status === 'notEvaluated').length,
      unlistedAsBelowScale: choices.unlistedAsBelowScale,
      assumedBelowScale: population.withoutScale.length,
      warnings: choices.warnings,
    };
    await tx.manager.update(
      EvaluationRoundEntity,
      { id: round.id },
      {
        status: round.status === RoundStatus.NOTICE ? RoundStatus.NOTICE : RoundStatus.COMPUTED,
        computedAt: new Date(),
        firmCount: population.firms.length,
        unconfirmedSheets: population.unconfirmedSheets,
        summary,
      },
    );
    const stored = performance.now();
    return {
      loadMs: loaded - started,
      engineMs: evaluated - loaded,
      storeMs: stored - evaluated,
      firms: population.firms.length,
    };
  }
}

function resultRow(firm: FirmResult, inputs: Map<string, StoredInput>) {
  const graded = firm.status === 'graded' ? firm : null;
  return {
    firm_id: firm.firmId,
    status: STATUS[firm.status],
    population_id: firm.status === 'notEvaluated' ? null : firm.populationId,
    total: graded?.total ?? null,
    rank: graded?.rank ?? null,
    class: graded?.class ?? null,
    input: inputs.get(firm.firmId),
    explanation: firm,
  };
}
