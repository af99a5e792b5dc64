import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '../config';
import { Principal, Role } from './role';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  parkId: string | null;
  firmId: string | null;
  buyerOrgId: string | null;
  typ: 'access';
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
    });
  }

  validate(claims: AccessTokenClaims): Principal | false {
    if (claims.typ !== 'access' || !Object.values(Role).includes(claims.role)) return false;
    return {
      userId: claims.sub,
      role: claims.role,
      parkId: claims.parkId,
      firmId: claims.firmId,
      buyerOrgId: claims.buyerOrgId,
    };
  }
}
