import { Injectable } from '@nestjs/common';
import { Principal, UnitOfWork } from '@vg/core';
import { readableFirm } from '@vg/firms';
import { SupplierRating, supplierRatingsOf } from '../supplier-rating';

/** A firm's own view of its rating: the figures behind it and the formula, for those who may read the firm. */
@Injectable()
export class SupplierRatingService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async ofFirm(principal: Principal, firmId: string): Promise<SupplierRating> {
    const manager = this.unitOfWork.manager;
    await readableFirm(manager, principal, firmId);
    return (await supplierRatingsOf(manager, [firmId])).get(firmId) as SupplierRating;
  }
}
