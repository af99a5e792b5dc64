import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
import { badInput, conflict, notFound, PageArgs, paginate, Principal, UnitOfWork } from '@vg/core';
import { firmIdentities } from '@vg/firms';
import { EntityManager } from 'typeorm';
import type { FirmYearInput } from './engine';
import { RecordEvaluationAdjustmentInput } from './dto/adjustment.dto';
import { AdjustmentKind, EvaluationAdjustmentEntity } from './evaluation-adjustment.entity';
import { RoundStatus } from './evaluation-round.entity';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { administeredRound, readableResultsFirm, readableRound } from './round-access';

/**
 * The per-firm facts a scheme's items, overrides and exemptions need, recorded by the park admin on a draft round
 * with their evidence. Recording one sends a computed round back to draft: its results no longer hold.
 */
@Injectable()
export class AdjustmentsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  record(principal: Principal, input: RecordEvaluationAdjustmentInput): Promise<EvaluationAdjustmentEntity | null> {
    return this.unitOfWork.run(async (tx) => {
      const round = await administeredRound(tx.manager, principal, input.roundId);
      if (round.status !== RoundStatus.DRAFT && round.status !== RoundStatus.COMPUTED) {
        throw conflict(`Adjustments are recorded on a draft round; this one is ${round.status}`, 'roundId');
      }
      const firm = (await firmIdentities(tx.manager, [input.firmId])).get(input.firmId);
      if (firm?.parkId !== round.parkId) throw notFound('Firm');
      const scheme = await tx.manager.findOneByOrFail(EvaluationSchemeEntity, { id: round.schemeId });
      const rules = {
        [AdjustmentKind.ITEM]: scheme.definition.items,
        [AdjustmentKind.OVERRIDE]: scheme.definition.overrideRules,
        [AdjustmentKind.EXEMPTION]: scheme.definition.exemptionRules,
      }[input.kind];
      if (!rules.some((rule) => rule.id === input.ruleId)) {
        throw badInput('ruleId', `The round's scheme has no ${input.kind.toLowerCase()} rule "${input.ruleId}"`);
      }
      if (input.kind === AdjustmentKind.ITEM && (input.count === undefined || input.count === null)) {
        throw badInput('count', 'An item needs its number of occurrences');
      }
      if (input.kind !== AdjustmentKind.ITEM && input.count != null) {
        throw badInput('count', 'Only items have a count');
      }
      const key = { roundId: round.id, firmId: input.firmId, kind: input.kind, ruleId: input.ruleId };
      const before = await tx.manager.findOne(EvaluationAdjustmentEntity, { where: key });
      await tx.manager.delete(EvaluationAdjustmentEntity, key);
      if (round.status === RoundStatus.COMPUTED) {
        await tx.manager.query(`UPDATE evaluation_rounds SET status = 'DRAFT' WHERE id = $1`, [round.id]);
      }
      const after =
        input.kind === AdjustmentKind.ITEM && input.count === 0
          ? null
          : await tx.manager.save(
              tx.manager.create(EvaluationAdjustmentEntity, {
                ...key,
                parkId: round.parkId,
                count: input.kind === AdjustmentKind.ITEM ? (input.count ?? null) : null,
                evidence: input.evidence.trim(),
                recordedBy: principal.userId,
              }),
            );
      const record = (adjustment: EvaluationAdjustmentEntity | null) =>
        adjustment && {
          kind: adjustment.kind,
          ruleId: adjustment.ruleId,
          count: adjustment.count,
          evidence: adjustment.evidence,
        };
      await recordAudit(tx, auditActor(principal), [
        {
          parkId: round.parkId,
          firmId: input.firmId,
          roundId: round.id,
          year: round.year,
          subject: AuditSubject.ADJUSTMENT,
          subjectId: `${round.id}:${input.firmId}:${input.kind}:${input.ruleId}`,
          action: !before ? AuditAction.CREATED : after ? AuditAction.CHANGED : AuditAction.REMOVED,
          before: record(before),
          after: record(after),
          reason: input.evidence.trim(),
        },
      ]);
      return after;
    });
  }

  async list(principal: Principal, roundId: string, page: PageArgs) {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    const query = this.unitOfWork.manager
      .createQueryBuilder(EvaluationAdjustmentEntity, 'adjustment')
      .where('adjustment.round_id = :roundId', { roundId: round.id });
    const ownFirm = readableResultsFirm(principal);
    if (ownFirm) query.andWhere('adjustment.firm_id = :firmId', { firmId: ownFirm });
    return paginate(query, page);
  }
}

/** Hands a round's recorded adjustments to the engine's firm inputs (firms outside the population are ignored). */
export async function applyAdjustments(
  manager: EntityManager,
  roundId: string,
  inputs: FirmYearInput[],
): Promise<void> {
  const adjustments = await manager.find(EvaluationAdjustmentEntity, { where: { roundId } });
  const byFirm = new Map(inputs.map((input) => [input.firmId, input]));
  for (const adjustment of adjustments) {
    const input = byFirm.get(adjustment.firmId);
    if (!input) continue;
    if (adjustment.kind === AdjustmentKind.ITEM) {
      input.itemCounts = { ...input.itemCounts, [adjustment.ruleId]: adjustment.count ?? 0 };
    } else if (adjustment.kind === AdjustmentKind.OVERRIDE) {
      input.overrides = [...(input.overrides ?? []), { ruleId: adjustment.ruleId, evidence: adjustment.evidence }];
    } else {
      input.exemption = { ruleId: adjustment.ruleId, evidence: adjustment.evidence };
    }
  }
}
