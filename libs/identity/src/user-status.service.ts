import { Injectable } from '@nestjs/common';
import { notFound, Principal, Role, UnitOfWork } from '@vg/core';
import { UserEntity } from './user.entity';

/**
 * Disabling and re-enabling accounts. A platform admin may do it to anyone but themselves; a park admin to the SME
 * owners of their park. Anyone else's account answers as missing. The token-version trigger makes a disable take
 * effect on the user's very next request.
 */
@Injectable()
export class UserStatusService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async setDisabled(principal: Principal, userId: string, disabled: boolean): Promise<UserEntity> {
    return this.unitOfWork.run(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user || !mayManage(principal, user)) throw notFound('User');
      if (disabled !== (user.disabledAt !== null)) {
        await tx.manager.update(UserEntity, { id: user.id }, { disabledAt: disabled ? new Date() : null });
      }
      return tx.manager.findOneByOrFail(UserEntity, { id: user.id });
    });
  }
}

function mayManage(principal: Principal, user: UserEntity): boolean {
  if (principal.role === Role.PLATFORM_ADMIN) return user.id !== principal.userId;
  return principal.role === Role.PARK_ADMIN && user.role === Role.SME_OWNER && user.parkId === principal.parkId;
}
