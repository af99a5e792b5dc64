import { Injectable } from '@nestjs/common';
import { badInput, decodeCursor, encodeCursor, PageArgs, toModel, UnitOfWork } from '@vg/core';
import { latestPublishedRounds, PublishedRoundRef, publishedClassMovement, roundClassPage } from '@vg/evaluation';
import { firmNames, landPlotCertificates } from '@vg/firms';
import Decimal from 'decimal.js';
import { ratio } from './cockpit-figures';
import {
  ClassCountModel,
  ClassMovementModel,
  CockpitEvaluationModel,
  LowEfficiencyLandModel,
  PublishedRoundRefModel,
} from './dto/cockpit-evaluation.models';

export const LOW_EFFICIENCY_CLASS = 'D';

/**
 * Class counts and land shares, and the movement from the previous year, read from the published results as
 * stored (they never change): two statements of evaluation's. A page of the D-class land list is one more, with the
 * firms' names and plot certificates (firms').
 */
@Injectable()
export class EvaluationCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async evaluation(parkId: string): Promise<CockpitEvaluationModel> {
    const manager = this.unitOfWork.manager;
    const [rounds, classes] = await Promise.all([
      latestPublishedRounds(manager, parkId),
      publishedClassMovement(manager, parkId),
    ]);
    const perClass = classes.filter((row) => row.allPrevious === 1);
    const totalLand = perClass.reduce((sum, row) => sum.plus(row.landMu), new Decimal(0));
    const roundRef = (round?: PublishedRoundRef) => (round ? PublishedRoundRefModel.from(round) : null);
    return toModel(CockpitEvaluationModel, {
      parkId,
      latestRoundId: rounds[0]?.id ?? null,
      round: roundRef(rounds[0]),
      previousRound: roundRef(rounds[1]),
      classes: perClass.map((row) =>
        toModel(ClassCountModel, {
          grade: row.toClass,
          firms: row.firms,
          landAreaMu: row.landMu,
          landShare: ratio(row.landMu, totalLand),
        }),
      ),
      movement: classes
        .filter((row) => row.allPrevious === 0)
        .map((row) =>
          toModel(ClassMovementModel, { fromClass: row.fromClass, toClass: row.toClass, firms: row.firms }),
        ),
    });
  }

  /** D-class firms of a round, lowest score first, with the plots and land the evaluation used. */
  async lowEfficiencyLand(roundId: string | null, page: PageArgs) {
    if (!roundId) return { nodes: [], totalCount: 0, hasNextPage: false, endCursor: null };
    const after = page.after ? decodeCursor(page.after).split('|') : null;
    if (after && (after.length !== 2 || !/^-?\d+(\.\d+)?$/.test(after[0])))
      throw badInput('after', 'Cursor is not valid');
    const manager = this.unitOfWork.manager;
    const { rows, totalCount } = await roundClassPage(
      manager,
      roundId,
      LOW_EFFICIENCY_CLASS,
      after ? { score: after[0], firmId: after[1] } : null,
      page.first + 1,
    );
    const nodes = rows.slice(0, page.first);
    const [names, certificates] = await Promise.all([
      firmNames(
        manager,
        nodes.map((row) => row.firmId),
      ),
      landPlotCertificates(
        manager,
        nodes.flatMap((row) => row.plotIds),
      ),
    ]);
    const last = nodes.at(-1);
    return {
      nodes: nodes.map((row) =>
        toModel(LowEfficiencyLandModel, {
          firmId: row.firmId,
          firmName: names.get(row.firmId) ?? '',
          plots: [...certificates].filter(([id]) => row.plotIds.includes(id)).map(([, number]) => number),
          areaMu: row.landMu,
          taxPerMu: row.taxPerMu,
          score: row.total,
          rank: row.rank,
        }),
      ),
      totalCount,
      hasNextPage: rows.length > page.first,
      endCursor: last ? encodeCursor(`${last.total ?? 0}|${last.firmId}`) : null,
    };
  }
}
