import { Principal, readAudience, Resource, RowTenancy } from '@vg/core';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { GroupStatus, VirtualGroupEntity } from './virtual-group.entity';

/**
 * A group as the access policy sees it: its park; the firms it involves (its lead, and for reading every firm that
 * is or was a member); released to every signed-in user once active (buyers post orders to active groups).
 */
export function groupTenancy(
  group: Pick<VirtualGroupEntity, 'parkId' | 'leadFirmId' | 'status'>,
  memberFirmIds: readonly string[] = [],
): RowTenancy {
  return {
    parkIds: [group.parkId],
    firmIds: [group.leadFirmId, ...memberFirmIds],
    released: group.status === GroupStatus.ACTIVE,
  };
}

/** The policy's group audience as a predicate on a groups query, so a group out of reach simply isn't there. */
export function restrictToReadableGroups<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, principal: Principal) {
  const alias = query.alias;
  const audience = readAudience(principal, Resource.GROUP);
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'PARK':
      return query.andWhere(`${alias}.park_id = :scopeParkId`, { scopeParkId: audience.parkId });
    case 'FIRM':
      return query.andWhere(
        `(${alias}.lead_firm_id = :scopeFirmId OR EXISTS (
           SELECT 1 FROM group_members scope_m WHERE scope_m.group_id = ${alias}.id AND scope_m.firm_id = :scopeFirmId))`,
        { scopeFirmId: audience.firmId },
      );
    case 'RELEASED':
      return query.andWhere(`${alias}.status = :scopeStatus`, { scopeStatus: GroupStatus.ACTIVE });
    default:
      return query.andWhere('false');
  }
}

/** Whether the caller sees groups' membership history, or only their current members (a group released to them). */
export function seesMembershipHistory(principal: Principal): boolean {
  return readAudience(principal, Resource.GROUP).reach !== 'RELEASED';
}
