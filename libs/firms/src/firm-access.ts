import { Principal, Role } from '@vg/core';
import { SelectQueryBuilder } from 'typeorm';
import { FirmEntity } from './firm.entity';

/**
 * The one place that says which firms a caller may read: all (platform admin), their park's (park admin), their
 * own (SME owner), none (buyer). Applied as a predicate, so a row out of reach simply isn't there.
 */
export function restrictToReadableFirms(
  query: SelectQueryBuilder<FirmEntity>,
  principal: Principal,
  alias = query.alias,
): SelectQueryBuilder<FirmEntity> {
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return query;
    case Role.PARK_ADMIN:
      return query.andWhere(`${alias}.park_id = :scopeParkId`, { scopeParkId: principal.parkId });
    case Role.SME_OWNER:
      return query.andWhere(`${alias}.id = :scopeFirmId`, { scopeFirmId: principal.firmId });
    case Role.BUYER:
      return query.andWhere('false');
  }
}

/** Whether this caller may change the firm at all (owners further limited to their editable fields). */
export function canWriteFirm(principal: Principal, firm: Pick<FirmEntity, 'id' | 'parkId'>): boolean {
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return true;
    case Role.PARK_ADMIN:
      return firm.parkId === principal.parkId;
    case Role.SME_OWNER:
      return firm.id === principal.firmId;
    case Role.BUYER:
      return false;
  }
}
