import { Injectable } from '@nestjs/common';
import { badInput, notFound, Principal, Role, UnitOfWork } from '@vg/core';

/**
 * The park a cockpit query reads. A park admin reads their own park (naming another answers as a missing park); a
 * platform admin names any park. Everyone else is refused by the resolvers' role declarations before this runs.
 */
@Injectable()
export class CockpitScope {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async parkOf(principal: Principal, parkId: string | null | undefined): Promise<string> {
    if (principal.role === Role.PARK_ADMIN && principal.parkId) {
      if (parkId && parkId !== principal.parkId) throw notFound('Park');
      return principal.parkId;
    }
    if (principal.role !== Role.PLATFORM_ADMIN) throw notFound('Park');
    if (!parkId) throw badInput('parkId', 'parkId is required for a platform admin');
    const exists: unknown[] = await this.unitOfWork.manager.query('SELECT 1 FROM parks WHERE id = $1', [parkId]);
    if (!exists.length) throw notFound('Park');
    return parkId;
  }
}
