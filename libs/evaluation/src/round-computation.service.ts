import { Injectable } from '@nestjs/common';
import { conflict, Tx } from '@vg/core';
import { evaluate, EvaluationInputError, type EvaluationScheme } from './engine';
import { storeComputation } from './results-store';
import { EvaluationRoundEntity, RoundStatus, type RoundSummary } from './evaluation-round.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { applyAdjustments } from './adjustments.service';
import { PopulationLoader } from './population-loader';

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
 * Computes a round inside the caller's transaction: loads the population (two queries), runs the engine, writes a
 * new computation (graded results by COPY) and points the round at it with the population summary; the previous
 * computation's rows stay as they were. The round stays a draft (or on notice).
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

    const computationId = await storeComputation(tx.manager, round, result.firms, population.firms);

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
        computationId,
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
