import { Principal, Role } from './role';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  parkId: string | null;
  firmId: string | null;
  buyerOrgId: string | null;
  /** The sign-in session (refresh-token family) the token belongs to; signing out revokes it. */
  sid: string;
  /** The user's token version when the token was issued; any change of role, tenant, password or status bumps it. */
  ver: number;
  typ: 'access';
}

/**
 * Checks a verified token against the current state of its user and session, on every request. Implemented by the
 * identity context (which owns users and sessions) and found by this token, so core names no table of another lib.
 */
export const SESSION_VERIFIER = Symbol('SESSION_VERIFIER');

export interface SessionVerifier {
  /** The caller as the database knows them now, or null when the user, the session or the token version is gone. */
  principalFor(claims: AccessTokenClaims): Promise<Principal | null>;
}
