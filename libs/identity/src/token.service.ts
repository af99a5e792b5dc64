import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, APP_CONFIG, AppConfig, Tx } from '@vg/core';
import { createHash, randomBytes } from 'node:crypto';
import { AuthSessionEntity } from './auth-session.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new sign-in: a session (refresh-token family) and its first pair of tokens. */
  async startSession(tx: Tx, user: UserEntity): Promise<IssuedTokens> {
    const session = await tx.manager.save(
      tx.manager.create(AuthSessionEntity, { userId: user.id, tokenVersion: user.tokenVersion }),
    );
    return this.issue(tx, user, session.id);
  }

  /** The next pair of an existing session (after rotation). */
  async issue(tx: Tx, user: UserEntity, sessionId: string): Promise<IssuedTokens> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      parkId: user.parkId,
      firmId: user.firmId,
      buyerOrgId: user.buyerOrgId,
      sid: sessionId,
      ver: user.tokenVersion,
      typ: 'access',
    };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.config.jwtSecret,
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
    const refreshToken = newOpaqueToken();
    await tx.manager.insert(RefreshTokenEntity, {
      userId: user.id,
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, refreshToken };
  }
}
