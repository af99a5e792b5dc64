import { Principal, Role } from '@vg/core';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { GroupStatus, VirtualGroupEntity } from './virtual-group.entity';

/**
 * Which groups a caller may read: all (platform admin), their park's (park admin), the ones their firm leads or
 * belongs to, now or before (SME owner), the active ones (buyers, who post orders to groups). Applied as a
 * predicate, so a group out of reach simply isn't there.
 */
export function restrictToReadableGroups<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, principal: Principal) {
  const alias = query.alias;
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return query;
    case Role.PARK_ADMIN:
      return query.andWhere(`${alias}.park_id = :scopeParkId`, { scopeParkId: principal.parkId });
    case Role.SME_OWNER:
      return query.andWhere(
        `(${alias}.lead_firm_id = :scopeFirmId OR EXISTS (
           SELECT 1 FROM group_members scope_m WHERE scope_m.group_id = ${alias}.id AND scope_m.firm_id = :scopeFirmId))`,
        { scopeFirmId: principal.firmId },
      );
    case Role.BUYER:
      return query.andWhere(`${alias}.status = :scopeStatus`, { scopeStatus: GroupStatus.ACTIVE });
  }
}

/** Park admins run their park's groups; a lead firm's owner runs the membership of the group it leads. */
export function canManageGroup(
  principal: Principal,
  group: Pick<VirtualGroupEntity, 'parkId' | 'leadFirmId'>,
): boolean {
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return true;
    case Role.PARK_ADMIN:
      return principal.parkId === group.parkId;
    case Role.SME_OWNER:
      return principal.firmId === group.leadFirmId;
    case Role.BUYER:
      return false;
  }
}

/** Approving, rejecting and dissolving are the park's decisions, never the lead firm's. */
export function canDecideForPark(principal: Principal, parkId: string): boolean {
  return principal.role === Role.PLATFORM_ADMIN || (principal.role === Role.PARK_ADMIN && principal.parkId === parkId);
}
