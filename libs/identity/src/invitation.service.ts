import { Injectable } from '@nestjs/common';
import { conflict, Role, Tx } from '@vg/core';
import { IsNull, MoreThan } from 'typeorm';
import { InvitationEntity } from './invitation.entity';
import { newOpaqueToken, sha256 } from './token.service';
import { UserEntity } from './user.entity';

export const INVITATION_TTL_DAYS = 14;

export interface NewInvitation {
  email: string;
  role: Role;
  parkId: string | null;
  firmId: string | null;
  invitedBy: string;
}

/** Issues one-time invitations; the token is returned once (to be sent by mail) and only its hash is stored. */
@Injectable()
export class InvitationService {
  async invite(tx: Tx, invitation: NewInvitation): Promise<{ invitation: InvitationEntity; token: string }> {
    const email = invitation.email.trim().toLowerCase();
    if (await tx.manager.exists(UserEntity, { where: { email } })) {
      throw conflict('A user with this email already exists', 'email');
    }
    const open = await tx.manager.exists(InvitationEntity, {
      where: { email, acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    if (open) throw conflict('An open invitation for this email exists', 'email');
    const token = newOpaqueToken();
    const entity = await tx.manager.save(
      tx.manager.create(InvitationEntity, {
        ...invitation,
        email,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      }),
    );
    return { invitation: entity, token };
  }
}
