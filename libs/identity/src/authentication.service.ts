import { Injectable } from '@nestjs/common';
import { badInput, notFound, Principal, Role, unauthenticated, UnitOfWork } from '@vg/core';
import { IsNull, MoreThan } from 'typeorm';
import { AuthSessionEntity, SessionEndReason } from './auth-session.entity';
import { BuyerOrganisationEntity } from './buyer-organisation.entity';
import { AcceptInvitationInput, LoginInput, RegisterBuyerInput } from './dto/auth.inputs';
import { InvitationEntity } from './invitation.entity';
import { LoginThrottleService } from './login-throttle.service';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { IssuedTokens, sha256, TokenService } from './token.service';
import { UserAccountsService } from './user-accounts.service';
import { UserEntity } from './user.entity';

export interface SignedIn extends IssuedTokens {
  user: UserEntity;
}

const REFRESH_REFUSED = 'Refresh token invalid, used or expired';

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly accounts: UserAccountsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(input: LoginInput, ip: string): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase();
    await this.throttle.admit(email, ip);
    const user = await this.unitOfWork.manager.findOne(UserEntity, { where: { email } });
    const passwordMatches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password);
    // A disabled account answers like a wrong password: the attempt stays counted and nothing tells them apart.
    if (!user || !passwordMatches || user.disabledAt) throw unauthenticated('Email or password is wrong');
    await this.throttle.succeeded(email, ip);
    return this.unitOfWork.run(async (tx) => ({ user, ...(await this.tokens.startSession(tx, user)) }));
  }

  /**
   * Rotates: the presented token is used up and the next pair issued in the same session. A token presented again
   * after its rotation means two parties hold the family: the whole session is revoked (the thief's successor
   * token too) and the caller must sign in again.
   */
  async refresh(refreshToken: string): Promise<SignedIn> {
    const outcome = await this.unitOfWork.run(async (tx) => {
      const stored = await tx.manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: sha256(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored || stored.expiresAt <= new Date()) return null;
      const session = await tx.manager.findOne(AuthSessionEntity, {
        where: { id: stored.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session || session.revokedAt) return null;
      if (stored.revokedAt) {
        await this.endSessions(tx.manager, { id: session.id }, SessionEndReason.REFRESH_REUSED);
        return null;
      }
      const user = await tx.manager.findOneBy(UserEntity, { id: stored.userId });
      if (!user || user.disabledAt || user.tokenVersion !== session.tokenVersion) {
        await this.endSessions(tx.manager, { id: session.id }, SessionEndReason.USER_CHANGED);
        return null;
      }
      await tx.manager.update(RefreshTokenEntity, { id: stored.id }, { revokedAt: new Date() });
      return { user, ...(await this.tokens.issue(tx, user, session.id)) };
    });
    // Thrown after the commit, so a revocation made above stays made.
    if (!outcome) throw unauthenticated(REFRESH_REFUSED);
    return outcome;
  }

  /** Ends the session of the access token used: its refresh tokens and its access tokens stop working at once. */
  async signOut(principal: Principal): Promise<boolean> {
    if (!principal.sessionId) return false;
    await this.unitOfWork.run((tx) =>
      this.endSessions(tx.manager, { id: principal.sessionId, userId: principal.userId }, SessionEndReason.SIGNED_OUT),
    );
    return true;
  }

  /** Ends every session of the caller, on every device: their token version moves on too. */
  async signOutEverywhere(principal: Principal): Promise<boolean> {
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.increment(UserEntity, { id: principal.userId }, 'tokenVersion', 1);
      await this.endSessions(tx.manager, { userId: principal.userId }, SessionEndReason.SIGNED_OUT_EVERYWHERE);
    });
    return true;
  }

  async registerBuyer(input: RegisterBuyerInput): Promise<SignedIn> {
    return this.unitOfWork.run(async (tx) => {
      const organisation = await tx.manager.save(
        tx.manager.create(BuyerOrganisationEntity, { name: input.organisationName.trim() }),
      );
      const user = await this.accounts.create(tx, {
        email: input.email,
        password: input.password,
        displayName: input.displayName,
        role: Role.BUYER,
        buyerOrgId: organisation.id,
      });
      return { user, ...(await this.tokens.startSession(tx, user)) };
    });
  }

  async acceptInvitation(input: AcceptInvitationInput): Promise<SignedIn> {
    return this.unitOfWork.run(async (tx) => {
      const invitation = await tx.manager.findOne(InvitationEntity, {
        where: { tokenHash: sha256(input.token), acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!invitation) throw notFound('Invitation');
      const email = invitation.email ?? input.email;
      if (!email) throw badInput('email', 'This invitation went to a phone: name the email you will sign in with');
      await tx.manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date() });
      const user = await this.accounts.create(tx, {
        email,
        password: input.password,
        displayName: input.displayName,
        role: invitation.role,
        parkId: invitation.parkId,
        firmId: invitation.firmId,
      });
      return { user, ...(await this.tokens.startSession(tx, user)) };
    });
  }

  async me(principal: Principal): Promise<UserEntity> {
    const user = await this.unitOfWork.manager.findOneBy(UserEntity, { id: principal.userId });
    if (!user) throw unauthenticated('This account no longer exists');
    return user;
  }

  private async endSessions(
    manager: UnitOfWork['manager'],
    which: { id?: string; userId?: string },
    reason: SessionEndReason,
  ): Promise<void> {
    await manager.update(
      AuthSessionEntity,
      { ...which, revokedAt: IsNull() },
      { revokedAt: new Date(), endReason: reason },
    );
  }
}
