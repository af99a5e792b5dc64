import { Principal, readAudience, Resource, RowTenancy } from '@vg/core';
import { SelectQueryBuilder } from 'typeorm';
import { FirmEntity } from './firm.entity';

/** Where a firm belongs, as the access policy sees it. */
export function firmTenancy(firm: Pick<FirmEntity, 'id' | 'parkId'>): RowTenancy {
  return { parkIds: [firm.parkId], firmIds: [firm.id] };
}

/**
 * The access policy's firm audience as a predicate on a firms query, so a firm out of reach simply isn't there.
 * Any reach the firm rule does not grant reads nothing.
 */
export function restrictToReadableFirms(
  query: SelectQueryBuilder<FirmEntity>,
  principal: Principal,
  alias = query.alias,
): SelectQueryBuilder<FirmEntity> {
  const audience = readAudience(principal, Resource.FIRM);
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'PARK':
      return query.andWhere(`${alias}.park_id = :scopeParkId`, { scopeParkId: audience.parkId });
    case 'FIRM':
      return query.andWhere(`${alias}.id = :scopeFirmId`, { scopeFirmId: audience.firmId });
    default:
      return query.andWhere('false');
  }
}
