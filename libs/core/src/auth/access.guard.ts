import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { forbidden, unauthenticated } from '../errors';
import { ACCESS_RULE, AccessRule, requestFromContext } from './access.decorators';
import { Principal } from './role';

/**
 * The global guard: deny by default. An operation must declare `@Public()` or `@Roles(...)`; then the bearer
 * token is checked (passport-jwt) and the caller's role must be one of the declared ones.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  getRequest(context: ExecutionContext) {
    return requestFromContext(context);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw forbidden('This operation declares no roles and is refused');
    if (rule.kind === 'public') return true;
    const request = this.getRequest(context);
    if (!request?.headers || !('authorization' in request.headers)) throw unauthenticated();
    await super.canActivate(context);
    const user = request.user as Principal;
    if (!rule.roles.includes(user.role)) throw forbidden();
    return true;
  }

  handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw unauthenticated('Access token missing, invalid or expired');
    return user;
  }
}
