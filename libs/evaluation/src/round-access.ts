import { manageAudience, mayManage, mayRead, notFound, Principal, readAudience, Resource, RowTenancy } from '@vg/core';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { EvaluationRoundEntity, RoundStatus } from './evaluation-round.entity';

/**
 * Rounds and results under the access policy: a round is released once on notice or published (drafts are the
 * park's work in progress), and so are the results in it.
 */
function roundTenancy(round: Pick<EvaluationRoundEntity, 'parkId' | 'status'>, firmIds?: string[]): RowTenancy {
  const released = round.status === RoundStatus.NOTICE || round.status === RoundStatus.PUBLISHED;
  return { parkIds: [round.parkId], firmIds, released };
}

/** The policy's round audience as a predicate on a rounds query, so a round out of reach simply isn't there. */
export function restrictToReadableRounds(query: SelectQueryBuilder<EvaluationRoundEntity>, principal: Principal) {
  const audience = readAudience(principal, Resource.EVALUATION_ROUND);
  const alias = query.alias;
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'PARK':
      return query.andWhere(`${alias}.park_id = :scopeParkId`, { scopeParkId: audience.parkId });
    case 'PARK_RELEASED':
      return query.andWhere(`${alias}.park_id = :scopeParkId AND ${alias}.status IN (:...releasedStatuses)`, {
        scopeParkId: audience.parkId,
        releasedStatuses: [RoundStatus.NOTICE, RoundStatus.PUBLISHED],
      });
    default:
      return query.andWhere('false');
  }
}

export async function readableRound(
  manager: EntityManager,
  principal: Principal,
  roundId: string,
  lock = false,
): Promise<EvaluationRoundEntity> {
  const round = await manager.findOne(EvaluationRoundEntity, {
    where: { id: roundId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!round || !mayRead(principal, Resource.EVALUATION_ROUND, roundTenancy(round))) {
    throw notFound('Evaluation round');
  }
  return round;
}

/** A round the caller administers (their park's; platform admins only read). */
export async function administeredRound(manager: EntityManager, principal: Principal, roundId: string, lock = true) {
  const round = await readableRound(manager, principal, roundId, lock);
  if (!mayManage(principal, Resource.EVALUATION_ROUND, roundTenancy(round))) throw notFound('Evaluation round');
  return round;
}

/** The park whose rounds the caller runs (a new round is theirs to open). */
export function roundParkId(principal: Principal): string {
  const audience = manageAudience(principal, Resource.EVALUATION_ROUND);
  if (audience.reach !== 'PARK') throw notFound('Park');
  return audience.parkId;
}

/** Throws NOT_FOUND unless the caller may read this firm's result in a round they can read. */
export function assertMayReadResult(principal: Principal, round: EvaluationRoundEntity, firmId: string): void {
  if (!mayRead(principal, Resource.EVALUATION_RESULT, roundTenancy(round, [firmId]))) {
    throw notFound('Evaluation result');
  }
}

/**
 * Whose rows (results, adjustments, objections, ledger entries) the caller may read in a round they can read:
 * every firm's (null) or their own firm's only.
 */
export function readableResultsFirm(principal: Principal): string | null {
  const audience = readAudience(principal, Resource.EVALUATION_RESULT);
  switch (audience.reach) {
    case 'ALL':
    case 'PARK':
      return null;
    case 'FIRM_RELEASED':
      return audience.firmId;
    default:
      throw notFound('Evaluation result');
  }
}
