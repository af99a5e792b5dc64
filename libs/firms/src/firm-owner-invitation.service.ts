import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Principal, Role, UnitOfWork } from '@vg/core';
import { InvitationService } from '@vg/identity';
import { InviteSmeOwnerInput } from './dto/firm.inputs';
import { FirmsService } from './firms.service';

/** An invitation as issued: the token is emailed to the owner, or shown once when no mail server is configured. */
export interface IssuedOwnerInvitation {
  id: string;
  firmId: string;
  email: string;
  expiresAt: Date;
  token: string | null;
}

/** A park admin invites the owner of a firm in their park; the owner sets their password on acceptance. */
@Injectable()
export class FirmOwnerInvitationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
    private readonly invitations: InvitationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      // The token rides in the event's confidential part: mailed to the owner, never broadcast, erased once relayed.
      tx.publishAfterCommit({
        type: 'INVITATION_SENT',
        subjectId: invitation.id,
        parkIds: [firm.parkId],
        firmIds: [firm.id],
        buyerOrgIds: [],
        payload: { invitationId: invitation.id, expiresAt: invitation.expiresAt.toISOString() },
        confidential: { email: invitation.email, token },
        occurredAt: new Date().toISOString(),
      });
      const mailed = this.config.smtpUrl !== null;
      return {
        id: invitation.id,
        firmId: firm.id,
        email: invitation.email!,
        expiresAt: invitation.expiresAt,
        token: mailed ? null : token,
      };
    });
  }
}
