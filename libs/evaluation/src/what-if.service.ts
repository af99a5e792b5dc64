import { Injectable } from '@nestjs/common';
import { badInput, conflict, notFound, Principal, UnitOfWork } from '@vg/core';
import { assertFitsKind } from '@vg/output';
import { EvaluationInputError, type FirmFigures, type FirmYearInput, whatIf, type WhatIfResult } from './engine';
import { WhatIfInput } from './dto/evaluation.inputs';
import { RoundStatus } from './evaluation-round.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { ENGINE_FIGURE_KEY } from './figure-keys';
import { assertMayReadResult, readableRound } from './round-access';
import { readStoredResults } from './stored-results';

/**
 * "What if this firm's figures were different?" against the published population: benchmarks, ranges and cut
 * positions held as published, the firm ranked among the others' published totals.
 */
@Injectable()
export class WhatIfService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async run(principal: Principal, roundId: string, firmId: string, input: WhatIfInput): Promise<WhatIfResult> {
    const manager = this.unitOfWork.manager;
    const round = await readableRound(manager, principal, roundId);
    assertMayReadResult(principal, round, firmId);
    if (round.status !== RoundStatus.PUBLISHED) throw conflict('What-if is asked of a published round', 'roundId');
    const changed: FirmFigures = {};
    input.figures.forEach((figure, index) => {
      assertFitsKind(figure.kind, figure.value, `input.figures.${index}.value`);
      changed[ENGINE_FIGURE_KEY[figure.kind]] = figure.value;
    });
    if (input.landAreaM2 && input.landAreaMu) throw badInput('landAreaMu', 'Give land in m² or in mu, not both');
    if (input.landAreaMu) changed.landMu = input.landAreaMu;
    if (input.landAreaM2) changed.landM2 = input.landAreaM2;

    // The graded firms are the whole basis of a what-if: benchmarks, ranges and ranks are theirs.
    const [scheme, stored] = await Promise.all([
      manager.findOneByOrFail(EvaluationSchemeEntity, { id: round.schemeId }),
      readStoredResults(manager, round.id, round.computationId, null, { gradedOnly: true }),
    ]);
    const rows: { input: FirmYearInput }[] = stored.results.map((result) => ({ input: result.input.input }));
    if (!rows.some((row) => row.input.firmId === firmId)) throw notFound('Evaluation result');
    try {
      return whatIf(
        { ...scheme.definition, year: round.year },
        rows.map((row) => row.input),
        firmId,
        changed,
      );
    } catch (error) {
      if (error instanceof EvaluationInputError) throw conflict(error.message);
      throw error;
    }
  }
}
