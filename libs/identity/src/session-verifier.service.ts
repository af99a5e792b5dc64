import { Injectable } from '@nestjs/common';
import { AccessTokenClaims, Principal, SessionVerifier, UnitOfWork } from '@vg/core';

/** Leads the session check's SQL, so tools counting an operation's statements can leave this per-request one out. */
export const SESSION_CHECK_SQL_TAG = '/* vg:session-check */';

/** The identity context's answer to "is this token's caller still who it says, right now?" (one indexed query). */
@Injectable()
export class SessionVerifierService implements SessionVerifier {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async principalFor(claims: AccessTokenClaims): Promise<Principal | null> {
    const [row]: {
      role: Principal['role'];
      park_id: string | null;
      firm_id: string | null;
      buyer_org_id: string | null;
    }[] = await this.unitOfWork.manager.query(
      `${SESSION_CHECK_SQL_TAG} SELECT u.role, u.park_id, u.firm_id, u.buyer_org_id
         FROM users u JOIN auth_sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND u.token_version = $3 AND u.disabled_at IS NULL AND s.revoked_at IS NULL`,
      [claims.sub, claims.sid, claims.ver],
    );
    if (!row) return null;
    return {
      userId: claims.sub,
      role: row.role,
      parkId: row.park_id,
      firmId: row.firm_id,
      buyerOrgId: row.buyer_org_id,
      sessionId: claims.sid,
    };
  }
}
