import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
import { administeredParkId, conflict, notFound, PageArgs, paginate, Principal, UnitOfWork } from '@vg/core';
import { ClassPolicyEntity } from './class-policy.entity';
import { ClassPolicyFilterInput, CreateClassPolicyInput, LedgerFilterInput } from './dto/evaluation.inputs';
import { PolicyLedgerEntryEntity } from './policy-ledger-entry.entity';
import { readableResultsFirm, readableRound } from './round-access';

/** A park's class policies, and the ledger each published round produced from them. */
@Injectable()
export class PoliciesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(principal: Principal, filter: ClassPolicyFilterInput, page: PageArgs) {
    const query = this.unitOfWork.manager
      .createQueryBuilder(ClassPolicyEntity, 'policy')
      .where('policy.park_id = :parkId', { parkId: administeredParkId(principal, filter.parkId) });
    if (!filter.includeRetired) query.andWhere('policy.retired_at IS NULL');
    return paginate(query, page);
  }

  create(principal: Principal, input: CreateClassPolicyInput): Promise<ClassPolicyEntity> {
    const parkId = administeredParkId(principal);
    return this.unitOfWork.run(async (tx) => {
      const policy = await tx.manager.save(
        tx.manager.create(ClassPolicyEntity, {
          parkId,
          grade: input.grade.trim(),
          measure: input.measure,
          basis: input.basis,
          rate: input.rate,
          minConsecutiveYears: input.minConsecutiveYears,
          description: input.description.trim(),
          createdBy: principal.userId,
        }),
      );
      await recordAudit(tx, auditActor(principal), [policyAudit(policy, null)]);
      return policy;
    });
  }

  /** Policies are never edited (ledgers point at them): retire one and add its successor. */
  retire(principal: Principal, id: string): Promise<ClassPolicyEntity> {
    const parkId = administeredParkId(principal);
    return this.unitOfWork.run(async (tx) => {
      const policy = await tx.manager.findOne(ClassPolicyEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!policy || policy.parkId !== parkId) throw notFound('Class policy');
      if (policy.retiredAt) throw conflict('The policy is already retired', 'id');
      const before = { ...policy };
      policy.retiredAt = new Date();
      const saved = await tx.manager.save(policy);
      await recordAudit(tx, auditActor(principal), [policyAudit(saved, before)]);
      return saved;
    });
  }

  async ledger(principal: Principal, roundId: string, filter: LedgerFilterInput, page: PageArgs) {
    await readableRound(this.unitOfWork.manager, principal, roundId);
    const query = this.unitOfWork.manager
      .createQueryBuilder(PolicyLedgerEntryEntity, 'entry')
      .where('entry.round_id = :roundId', { roundId });
    const ownFirm = readableResultsFirm(principal);
    if (ownFirm) {
      if (filter.firmId && filter.firmId !== ownFirm) throw notFound('Firm');
      query.andWhere('entry.firm_id = :ownFirm', { ownFirm });
    }
    if (filter.firmId) query.andWhere('entry.firm_id = :firmId', { firmId: filter.firmId });
    return paginate(query, page);
  }
}

function policyAudit(policy: ClassPolicyEntity, before: ClassPolicyEntity | null) {
  const record = (row: ClassPolicyEntity) => ({
    grade: row.grade,
    measure: row.measure,
    basis: row.basis,
    rate: row.rate,
    minConsecutiveYears: row.minConsecutiveYears,
    description: row.description,
    retiredAt: row.retiredAt?.toISOString() ?? null,
  });
  return {
    parkId: policy.parkId,
    subject: AuditSubject.CLASS_POLICY,
    subjectId: policy.id,
    action: before ? AuditAction.CHANGED : AuditAction.CREATED,
    before: before && record(before),
    after: record(policy),
  };
}
