import { notFound, Principal, Role } from '@vg/core';
import { EntityManager } from 'typeorm';
import { EvaluationRoundEntity, RoundStatus } from './evaluation-round.entity';

/**
 * Which rounds a caller may see: platform admins all; park admins their park's; firm owners their park's rounds
 * once on notice or published (drafts are the park's work in progress); buyers none. Others answer as missing.
 */
export function mayReadRound(principal: Principal, round: Pick<EvaluationRoundEntity, 'parkId' | 'status'>): boolean {
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return true;
    case Role.PARK_ADMIN:
      return round.parkId === principal.parkId;
    case Role.SME_OWNER:
      return (
        round.parkId === principal.parkId &&
        (round.status === RoundStatus.NOTICE || round.status === RoundStatus.PUBLISHED)
      );
    case Role.BUYER:
      return false;
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
  if (!round || !mayReadRound(principal, round)) throw notFound('Evaluation round');
  return round;
}

/** A round the caller administers (their park's; platform admins only read). */
export async function administeredRound(manager: EntityManager, principal: Principal, roundId: string, lock = true) {
  const round = await readableRound(manager, principal, roundId, lock);
  if (principal.role !== Role.PARK_ADMIN) throw notFound('Evaluation round');
  return round;
}

/** The firm an owner may see results of (their own); admins any firm of a round they can read. */
export function mayReadFirmResult(principal: Principal, firmId: string): boolean {
  return principal.role !== Role.SME_OWNER || principal.firmId === firmId;
}
