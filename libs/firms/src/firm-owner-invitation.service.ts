import { Injectable } from '@nestjs/common';
import { Principal, Role, UnitOfWork } from '@vg/core';
import { InvitationService } from '@vg/identity';
import { InviteSmeOwnerInput } from './dto/firm.inputs';
import { FirmsService } from './firms.service';

/** An invitation as issued: the token is shown once and never stored. */
export interface IssuedOwnerInvitation {
  id: string;
  firmId: string;
  email: string;
  expiresAt: Date;
  token: string;
}

/** A park admin invites the owner of a firm in their park; the owner sets their password on acceptance. */
@Injectable()
export class FirmOwnerInvitationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
    private readonly invitations: InvitationService,
  ) {}

  invite(principal: Principal, input: InviteSmeOwnerInput): Promise<IssuedOwnerInvitation> {
    return this.unitOfWork.run(async (tx) => {
      const firm = await this.firms.lockForPark(tx, principal, input.firmId);
      const { invitation, token } = await this.invitations.invite(tx, {
        email: input.email,
        role: Role.SME_OWNER,
        parkId: firm.parkId,
        firmId: firm.id,
        invitedBy: principal.userId,
      });
      return { id: invitation.id, firmId: firm.id, email: invitation.email!, expiresAt: invitation.expiresAt, token };
    });
  }
}
