import { Injectable } from '@nestjs/common';
import { notFound, PageArgs, paginate, Principal, Role, UnitOfWork } from '@vg/core';
import { In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity } from './allocation.entity';
import { ProposalFilterInput } from './dto/matching.inputs';
import { MatchExplanationModel, ProposalModel } from './dto/matching.models';

/** Firms see proposals made to them; park admins those in their park; buyers those of their orders. */
export function restrictToVisibleAllocations<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  principal: Principal,
) {
  const alias = query.alias;
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return query;
    case Role.SME_OWNER:
      return query.andWhere(`${alias}.firm_id = :scopeFirm`, { scopeFirm: principal.firmId });
    case Role.PARK_ADMIN:
      return query.andWhere(`${alias}.park_id = :scopePark`, { scopePark: principal.parkId });
    case Role.BUYER:
      return query.andWhere(
        `EXISTS (SELECT 1 FROM orders o WHERE o.id = ${alias}.order_id AND o.buyer_org_id = :scopeBuyer)`,
        { scopeBuyer: principal.buyerOrgId },
      );
  }
}

@Injectable()
export class ProposalQueryService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(principal: Principal, filter: ProposalFilterInput, page: PageArgs) {
    const query = restrictToVisibleAllocations(
      this.unitOfWork.manager.createQueryBuilder(AllocationEntity, 'a'),
      principal,
    );
    if (filter.status) query.andWhere('a.status = :status', { status: filter.status });
    if (filter.orderId) query.andWhere('a.order_id = :orderId', { orderId: filter.orderId });
    const result = await paginate(query, page);
    return { ...result, nodes: await this.toModels(result.nodes) };
  }

  async get(principal: Principal, id: string): Promise<ProposalModel> {
    const query = this.unitOfWork.manager.createQueryBuilder(AllocationEntity, 'a').where('a.id = :id', { id });
    const allocation = await restrictToVisibleAllocations(query, principal).getOne();
    if (!allocation) throw notFound('Proposal');
    return (await this.toModels([allocation]))[0];
  }

  /** Proposals of one order that the caller may see (a park admin: only their park's shares). */
  async ofOrder(principal: Principal, orderId: string): Promise<ProposalModel[]> {
    const query = this.unitOfWork.manager
      .createQueryBuilder(AllocationEntity, 'a')
      .where('a.order_id = :orderId', { orderId })
      .orderBy('a.stage_seq')
      .addOrderBy('a.created_at')
      .take(500);
    return this.toModels(await restrictToVisibleAllocations(query, principal).getMany());
  }

  /** Days of all given allocations in one query. */
  async toModels(allocations: AllocationEntity[]): Promise<ProposalModel[]> {
    if (!allocations.length) return [];
    const days = await this.unitOfWork.manager.find(AllocationDayEntity, {
      where: { allocationId: In(allocations.map((allocation) => allocation.id)) },
      order: { date: 'ASC' },
    });
    return allocations.map((allocation) =>
      Object.assign(new ProposalModel(), {
        id: allocation.id,
        orderId: allocation.orderId,
        stageSeq: allocation.stageSeq,
        processCode: allocation.processCode,
        firmId: allocation.firmId,
        listingId: allocation.listingId,
        units: allocation.units,
        unitPrice: allocation.unitPrice,
        cost: allocation.cost,
        firstDay: allocation.firstDay,
        lastDay: allocation.lastDay,
        status: allocation.status,
        origin: allocation.origin,
        expiresAt: allocation.expiresAt,
        declineReason: allocation.declineReason,
        unitsDone: allocation.unitsDone,
        unitsDelivered: allocation.unitsDelivered,
        defectUnits: allocation.defectUnits,
        deliveredOn: allocation.deliveredOn,
        explanation: MatchExplanationModel.from(allocation.explanation),
        days: days
          .filter((day) => day.allocationId === allocation.id)
          .map((day) => ({ date: day.date, units: day.units })),
      }),
    );
  }
}
