import { Injectable } from '@nestjs/common';
import { conflict, Role, Tx } from '@vg/core';
import { hashPassword } from './password-hasher';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role: Role;
  parkId?: string | null;
  firmId?: string | null;
  buyerOrgId?: string | null;
}

/** Creates users for the other contexts (park admins, invited SME owners, buyers). */
@Injectable()
export class UserAccountsService {
  async create(tx: Tx, user: NewUser): Promise<UserEntity> {
    const email = user.email.trim().toLowerCase();
    const taken = await tx.manager.exists(UserEntity, { where: { email } });
    if (taken) throw conflict('A user with this email already exists', 'email');
    const entity = tx.manager.create(UserEntity, {
      email,
      displayName: user.displayName,
      passwordHash: await hashPassword(user.password),
      role: user.role,
      parkId: user.parkId ?? null,
      firmId: user.firmId ?? null,
      buyerOrgId: user.buyerOrgId ?? null,
    });
    return tx.manager.save(entity);
  }
}
