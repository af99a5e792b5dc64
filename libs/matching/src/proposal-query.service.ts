import { Injectable } from '@nestjs/common';
import { Audience, notFound, PageArgs, paginate, Principal, readAudience, Resource, UnitOfWork } from '@vg/core';
import { In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProposalFilterInput } from './dto/matching.inputs';
import { ProposalModel } from './dto/matching.models';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalEntity } from './proposal.entity';

/**
 * Proposals are read as the offers of work of their orders: firms see those made to them, park admins those in
 * their park, buyers those of their organisation's orders, platform admins all.
 */
function restrictToProposalAudience<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, audience: Audience) {
  const alias = query.alias;
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'FIRM':
      return query.andWhere(`${alias}.firm_id = :scopeFirm`, { scopeFirm: audience.firmId });
    case 'PARK':
      return query.andWhere(`${alias}.park_id = :scopePark`, { scopePark: audience.parkId });
    case 'BUYER':
      return query.andWhere(`${alias}.buyer_org_id = :scopeBuyer`, { scopeBuyer: audience.buyerOrgId });
    default:
      return query.andWhere('false');
  }
}

const visibleTo = <T extends ObjectLiteral>(query: SelectQueryBuilder<T>, principal: Principal) =>
  restrictToProposalAudience(query, readAudience(principal, Resource.ORDER));

@Injectable()
export class ProposalQueryService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(principal: Principal, filter: ProposalFilterInput, page: PageArgs) {
    const query = visibleTo(this.unitOfWork.manager.createQueryBuilder(ProposalEntity, 'p'), principal);
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.orderId) query.andWhere('p.order_id = :orderId', { orderId: filter.orderId });
    const result = await paginate(query, page);
    return { ...result, nodes: await this.toModels(result.nodes) };
  }

  async get(principal: Principal, id: string): Promise<ProposalModel> {
    const query = this.unitOfWork.manager.createQueryBuilder(ProposalEntity, 'p').where('p.id = :id', { id });
    const proposal = await visibleTo(query, principal).getOne();
    if (!proposal) throw notFound('Proposal');
    return (await this.toModels([proposal]))[0];
  }

  /** Proposals of one order that the caller may see (a park admin: only their park's). */
  async ofOrder(principal: Principal, orderId: string): Promise<ProposalModel[]> {
    const query = this.unitOfWork.manager
      .createQueryBuilder(ProposalEntity, 'p')
      .where('p.order_id = :orderId', { orderId })
      .orderBy('p.stage_seq')
      .addOrderBy('p.created_at')
      .take(500);
    return this.toModels(await visibleTo(query, principal).getMany());
  }

  /** Models with their days, for any number of proposals in one query. */
  async toModels(proposals: ProposalEntity[]): Promise<ProposalModel[]> {
    if (!proposals.length) return [];
    const days = await this.unitOfWork.manager.find(ProposalDayEntity, {
      where: { proposalId: In(proposals.map((proposal) => proposal.id)) },
      order: { date: 'ASC' },
    });
    return proposals.map((proposal) =>
      ProposalModel.from(
        proposal,
        days.filter((day) => day.proposalId === proposal.id),
      ),
    );
  }
}
