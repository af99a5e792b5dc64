import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PassportStrategy } from '@nestjs/passport';
import { isUUID } from 'class-validator';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '../config';
import { Principal, Role } from './role';
import { AccessTokenClaims, SESSION_VERIFIER, SessionVerifier } from './session-verifier';

/**
 * A bearer token counts only when its signature and expiry hold (passport-jwt) and, on every request, its user still
 * exists, is not disabled, has the token version the token carries, and its session is not signed out.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private verifier?: SessionVerifier;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || !Object.values(Role).includes(claims.role)) return false;
    if (!isUUID(claims.sub) || !isUUID(claims.sid) || !Number.isInteger(claims.ver)) return false;
    this.verifier ??= this.moduleRef.get<SessionVerifier>(SESSION_VERIFIER, { strict: false });
    return (await this.verifier.principalFor(claims)) ?? false;
  }
}
