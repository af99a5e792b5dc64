import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
import { badInput, conflict, notFound, ownFirmId, PageArgs, paginate, Principal, UnitOfWork } from '@vg/core';
import { AnnualFigureKind, assertFitsKind, AuditState, FigureSource, FigureWriter } from '@vg/output';
import {
  DecideObjectionInput,
  FigureValueInput,
  FileObjectionInput,
  ObjectionFilterInput,
} from './dto/evaluation.inputs';
import { EvaluationObjectionEntity, FigureCorrections, ObjectionStatus } from './evaluation-objection.entity';
import { hasResult } from './stored-results';
import { RoundStatus } from './evaluation-round.entity';
import { administeredRound, readableResultsFirm, readableRound } from './round-access';
import { RoundComputationService } from './round-computation.service';

/**
 * 异议 during the public notice: a firm objects with evidence and the figures it says are right; the park admin
 * accepts (the figures are written, approved, and the round is recomputed) or rejects with a reason.
 */
@Injectable()
export class ObjectionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: FigureWriter,
    private readonly computation: RoundComputationService,
  ) {}

  file(principal: Principal, roundId: string, input: FileObjectionInput): Promise<EvaluationObjectionEntity> {
    const firmId = ownFirmId(principal);
    if (!input.evidence.length) throw badInput('evidence', 'An objection needs at least one piece of evidence');
    const proposed = corrections(input.proposedFigures, 'proposedFigures');
    return this.unitOfWork.run(async (tx) => {
      const round = await readableRound(tx.manager, principal, roundId);
      const [{ now }] = await tx.manager.query('SELECT now() AS now');
      if (round.status !== RoundStatus.NOTICE || !round.noticeEndsAt || round.noticeEndsAt <= new Date(now)) {
        throw conflict('Objections are filed while the round is on notice, before its window closes', 'roundId');
      }
      if (!(await hasResult(tx.manager, roundId, firmId))) {
        throw notFound('Evaluation result');
      }
      if (
        await tx.manager.exists(EvaluationObjectionEntity, { where: { roundId, firmId, status: ObjectionStatus.OPEN } })
      ) {
        throw conflict('Your earlier objection to this round is still open', 'roundId');
      }
      return tx.manager.save(
        tx.manager.create(EvaluationObjectionEntity, {
          roundId,
          firmId,
          parkId: round.parkId,
          status: ObjectionStatus.OPEN,
          reason: input.reason.trim(),
          evidence: input.evidence.map(({ title, reference }) => ({
            title: title.trim(),
            reference: reference.trim(),
          })),
          proposedFigures: proposed,
          filedBy: principal.userId,
        }),
      );
    });
  }

  decide(principal: Principal, objectionId: string, input: DecideObjectionInput): Promise<EvaluationObjectionEntity> {
    const applied = input.accept && input.figures ? corrections(input.figures, 'figures') : null;
    return this.unitOfWork.run(async (tx) => {
      const found = await tx.manager.findOne(EvaluationObjectionEntity, { where: { id: objectionId } });
      if (!found) throw notFound('Objection');
      const round = await administeredRound(tx.manager, principal, found.roundId).catch(() => {
        throw notFound('Objection');
      });
      const objection = await tx.manager.findOneOrFail(EvaluationObjectionEntity, {
        where: { id: objectionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (objection.status !== ObjectionStatus.OPEN)
        throw conflict(`The objection is already ${objection.status}`, 'id');
      if (round.status !== RoundStatus.NOTICE) throw conflict(`The round is ${round.status}`, 'id');

      if (input.accept) {
        const figures = applied ?? objection.proposedFigures;
        await this.writer.writeAnnual(
          tx,
          {
            parkId: round.parkId,
            source: FigureSource.SELF_REPORTED,
            importJobId: null,
            enteredBy: objection.filedBy,
            auditState: AuditState.APPROVED,
            reviewedBy: principal.userId,
            actor: auditActor(principal),
          },
          Object.entries(figures).map(([kind, value]) => ({
            firmId: objection.firmId,
            year: round.year,
            kind: kind as AnnualFigureKind,
            value,
          })),
          // The firm put these figures forward itself: its sheet stays confirmed.
          { keepConfirmation: true },
        );
        await this.computation.compute(tx, round);
        Object.assign(objection, { status: ObjectionStatus.ACCEPTED, appliedFigures: figures });
      } else {
        objection.status = ObjectionStatus.REJECTED;
      }
      Object.assign(objection, {
        decisionReason: input.reason?.trim() ?? null,
        decidedBy: principal.userId,
        decidedAt: new Date(),
      });
      await recordAudit(tx, auditActor(principal), [
        {
          parkId: round.parkId,
          firmId: objection.firmId,
          roundId: round.id,
          year: round.year,
          subject: AuditSubject.OBJECTION,
          subjectId: objection.id,
          action: AuditAction.DECIDED,
          before: { status: ObjectionStatus.OPEN, proposedFigures: objection.proposedFigures },
          after: { status: objection.status, appliedFigures: objection.appliedFigures ?? null },
          reason: objection.decisionReason,
        },
      ]);
      tx.publishAfterCommit({
        type: 'OBJECTION_DECIDED',
        subjectId: objection.id,
        parkIds: [round.parkId],
        firmIds: [objection.firmId],
        buyerOrgIds: [],
        payload: { objectionId: objection.id, roundId: round.id, year: round.year, status: objection.status },
        occurredAt: new Date().toISOString(),
      });
      return tx.manager.save(objection);
    });
  }

  async list(principal: Principal, roundId: string, filter: ObjectionFilterInput, page: PageArgs) {
    await readableRound(this.unitOfWork.manager, principal, roundId);
    const query = this.unitOfWork.manager
      .createQueryBuilder(EvaluationObjectionEntity, 'objection')
      .where('objection.round_id = :roundId', { roundId });
    const ownFirm = readableResultsFirm(principal);
    if (ownFirm) query.andWhere('objection.firm_id = :firmId', { firmId: ownFirm });
    if (filter.status) query.andWhere('objection.status = :status', { status: filter.status });
    return paginate(query, page);
  }
}

function corrections(figures: FigureValueInput[], field: string): FigureCorrections {
  const kinds = figures.map((figure) => figure.kind);
  if (new Set(kinds).size !== kinds.length) throw badInput(field, 'Each kind may appear once');
  figures.forEach((figure, index) => assertFitsKind(figure.kind, figure.value, `${field}.${index}.value`));
  return Object.fromEntries(figures.map((figure) => [figure.kind, figure.value]));
}
