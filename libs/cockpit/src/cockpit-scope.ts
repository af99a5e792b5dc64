import { Injectable } from '@nestjs/common';
import { administeredParkId, notFound, Principal, UnitOfWork } from '@vg/core';
import { parkExists } from '@vg/parks';

/**
 * The park a cockpit query reads: the caller's own as a park admin (naming another answers as a missing park), the
 * one a platform admin names (which must exist). Everyone else is refused by the resolvers' role declarations.
 */
@Injectable()
export class CockpitScope {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async parkOf(principal: Principal, parkId: string | null | undefined): Promise<string> {
    const park = administeredParkId(principal, parkId);
    if (park !== principal.parkId && !(await parkExists(this.unitOfWork.manager, park))) throw notFound('Park');
    return park;
  }
}
