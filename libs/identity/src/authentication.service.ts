import { Injectable } from '@nestjs/common';
import { AppError, badInput, ErrorCode, notFound, Principal, Role, unauthenticated, UnitOfWork } from '@vg/core';
import { IsNull, MoreThan } from 'typeorm';
import { BuyerOrganisationEntity } from './buyer-organisation.entity';
import { AcceptInvitationInput, LoginInput, RegisterBuyerInput } from './dto/auth.inputs';
import { InvitationEntity } from './invitation.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hasher';
import { RefreshTokenEntity } from './refresh-token.entity';
import { IssuedTokens, sha256, TokenService } from './token.service';
import { UserAccountsService } from './user-accounts.service';
import { UserEntity } from './user.entity';

/** Failed sign-ins tolerated per window before refusing: per account, and per address (an office NAT). */
export const LOGIN_LIMITS = { windowMinutes: 15, perAccount: 5, perIp: 30 };

export interface SignedIn extends IssuedTokens {
  user: UserEntity;
}

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokenService,
    private readonly accounts: UserAccountsService,
  ) {}

  async login(input: LoginInput, ip: string): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase();
    const since = new Date(Date.now() - LOGIN_LIMITS.windowMinutes * 60_000);
    const [byAccount, byIp] = await Promise.all([
      this.unitOfWork.manager.count(LoginAttemptEntity, { where: { account: email, attemptedAt: MoreThan(since) } }),
      this.unitOfWork.manager.count(LoginAttemptEntity, { where: { ip, attemptedAt: MoreThan(since) } }),
    ]);
    if (byAccount >= LOGIN_LIMITS.perAccount || byIp >= LOGIN_LIMITS.perIp) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many failed sign-ins; try again later');
    }
    const user = await this.unitOfWork.manager.findOne(UserEntity, { where: { email } });
    const passwordMatches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password);
    if (!user || !passwordMatches) {
      await this.unitOfWork.manager.insert(LoginAttemptEntity, { account: email, ip: ip.slice(0, 64) });
      throw unauthenticated('Email or password is wrong');
    }
    return this.unitOfWork.run(async (tx) => {
      await tx.manager.delete(LoginAttemptEntity, { account: email });
      return { user, ...(await this.tokens.issue(tx, user)) };
    });
  }

  /** Rotates: the presented token is revoked and a new pair issued; a reused token is refused. */
  async refresh(refreshToken: string): Promise<SignedIn> {
    return this.unitOfWork.run(async (tx) => {
      const stored = await tx.manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: sha256(refreshToken), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored) throw unauthenticated('Refresh token invalid, used or expired');
      await tx.manager.update(RefreshTokenEntity, { id: stored.id }, { revokedAt: new Date() });
      const user = await tx.manager.findOneByOrFail(UserEntity, { id: stored.userId });
      return { user, ...(await this.tokens.issue(tx, user)) };
    });
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
      return { user, ...(await this.tokens.issue(tx, user)) };
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
      return { user, ...(await this.tokens.issue(tx, user)) };
    });
  }

  async me(principal: Principal): Promise<UserEntity> {
    const user = await this.unitOfWork.manager.findOneBy(UserEntity, { id: principal.userId });
    if (!user) throw unauthenticated('This account no longer exists');
    return user;
  }
}
