import { notFound } from '../errors';
import { Principal, Role } from './role';

/**
 * The park a caller is confined to: null for a platform admin (every park). SME owners and buyers are confined
 * further by their own services (their firm, their orders).
 */
export function parkScopeOf(principal: Principal): string | null {
  return principal.role === Role.PLATFORM_ADMIN ? null : principal.parkId;
}

/** Another tenant's row answers exactly like a missing one. */
export function assertSameParkOrNotFound(principal: Principal, parkId: string, what: string): void {
  const scope = parkScopeOf(principal);
  if (principal.role === Role.PLATFORM_ADMIN) return;
  if (scope === null || scope !== parkId) throw notFound(what);
}
