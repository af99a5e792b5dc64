import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Extensions, GqlExecutionContext } from '@nestjs/graphql';
import { Principal, Role } from './role';

export const ACCESS_RULE = 'vg:access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/**
 * Declares who may call an operation. Also written into the schema as the field's `access` extension, so the
 * permission table can be generated from the schema itself. An operation without a declaration is refused.
 */
export function Roles(...roles: Role[]) {
  const rule: AccessRule = { kind: 'roles', roles: [...roles].sort() };
  return applyDecorators(SetMetadata(ACCESS_RULE, rule), Extensions({ access: rule.roles.join(',') }));
}

/** Declares an operation open to anyone, signed in or not (login, registration, health). */
export function Public() {
  const rule: AccessRule = { kind: 'public' };
  return applyDecorators(SetMetadata(ACCESS_RULE, rule), Extensions({ access: 'PUBLIC' }));
}

export function requestFromContext(context: ExecutionContext): { user?: Principal; ip?: string; headers?: object } {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/** The signed-in caller; only on operations that declare roles (never undefined there). */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const user = requestFromContext(context).user;
  if (!user) throw new Error('CurrentUser used on an operation without authentication');
  return user;
});

/** The caller's network address, for rate limits. */
export const ClientIp = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => requestFromContext(context).ip ?? 'unknown',
);
