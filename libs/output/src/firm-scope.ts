import { badInput, notFound, Principal, Role } from '@vg/core';
import { FirmEntity, restrictToReadableFirms } from '@vg/firms';
import { EntityManager } from 'typeorm';

export type ScopedFirm = Pick<FirmEntity, 'id' | 'parkId' | 'uscc' | 'name' | 'joinedOn'>;

/** The firm if the caller may read its figures (its owner, its park's admins, platform admins); else NOT_FOUND. */
export async function readableFirm(manager: EntityManager, principal: Principal, firmId: string): Promise<ScopedFirm> {
  const query = manager
    .createQueryBuilder(FirmEntity, 'firm')
    .select(['firm.id', 'firm.parkId', 'firm.uscc', 'firm.name', 'firm.joinedOn'])
    .where('firm.id = :firmId', { firmId });
  const firm = await restrictToReadableFirms(query, principal).getOne();
  if (!firm) throw notFound('Firm');
  return firm;
}

/** An owner acts for their own firm only; `firmId`, when given, must be it. */
export function ownFirmId(principal: Principal, firmId?: string | null): string {
  if (principal.role !== Role.SME_OWNER || !principal.firmId) throw notFound('Firm');
  if (firmId && firmId !== principal.firmId) throw notFound('Firm');
  return principal.firmId;
}

/** The park a park admin works in; platform admins name one. */
export function adminParkId(principal: Principal, parkId?: string | null): string {
  if (principal.role === Role.PARK_ADMIN && principal.parkId) {
    if (parkId && parkId !== principal.parkId) throw notFound('Park');
    return principal.parkId;
  }
  if (principal.role === Role.PLATFORM_ADMIN) {
    if (!parkId) throw badInput('parkId', 'A platform admin names the park');
    return parkId;
  }
  throw notFound('Park');
}
