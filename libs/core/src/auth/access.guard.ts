import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { scopeRequestTo, withPublicScopeIfNone } from '../database/database-scope';
import { forbidden, isDatabaseUnavailable, serviceUnavailable, unauthenticated } from '../errors';
import { ACCESS_RULE, AccessRule, requestFromContext } from './access.decorators';
import { Principal } from './role';

/**
 * The check of a request's bearer token, kept on the request: the fields of one document (root fields resolve in
 * parallel, field resolvers after them) share one check.
 */
const AUTHENTICATION = Symbol('vg:authentication');

type GuardedRequest = { headers?: object; user?: Principal; [AUTHENTICATION]?: Promise<unknown> };

/**
 * The global guard: deny by default. Every operation and every field resolver must declare `@Public()` or
 * `@Roles(...)`; then the bearer token is checked (signature, expiry, and the user and session as they are now) and
 * the caller's role must be one of the declared ones. The token is checked once per request; each field resolver
 * still checks its own roles against the caller.
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
    const request = this.getRequest(context) as GuardedRequest;
    if (!request?.headers || !('authorization' in request.headers)) throw unauthenticated();
    request[AUTHENTICATION] ??= withPublicScopeIfNone(() => Promise.resolve(super.canActivate(context)));
    await request[AUTHENTICATION];
    const user = request.user as Principal;
    scopeRequestTo(user);
    if (!rule.roles.includes(user.role)) throw forbidden();
    return true;
  }

  handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    // A database outage while checking the session is not the caller's fault: they must retry, not sign in again.
    if (error && isDatabaseUnavailable(error)) throw serviceUnavailable();
    if (error || !user) throw unauthenticated('Access token missing, invalid or expired');
    return user;
  }
}
