import { Injectable } from '@nestjs/common';
import { conflict, Role, Tx } from '@vg/core';
import { IsNull, MoreThan } from 'typeorm';
import { InvitationEntity } from './invitation.entity';
import { newOpaqueToken, sha256 } from './token.service';
import { UserEntity } from './user.entity';

export const INVITATION_TTL_DAYS = 14;

export interface NewInvitation {
  email: string;
  role: Role;
  parkId: string | null;
  firmId: string | null;
  invitedBy: string;
}

/** An owner to invite for a firm, by email or by mobile number (at least one of them). */
export interface OwnerToInvite {
  parkId: string;
  firmId: string;
  email: string | null;
  phone: string | null;
}

/** An invitation as issued: the token is in this answer only (to be sent by mail or SMS) and never stored. */
export interface IssuedInvitation {
  id: string;
  firmId: string | null;
  email: string | null;
  phone: string | null;
  expiresAt: Date;
  token: string;
}

/** Issues one-time invitations; the token is returned once (to be sent by mail) and only its hash is stored. */
@Injectable()
export class InvitationService {
  async invite(tx: Tx, invitation: NewInvitation): Promise<{ invitation: InvitationEntity; token: string }> {
    const email = invitation.email.trim().toLowerCase();
    if (await tx.manager.exists(UserEntity, { where: { email } })) {
      throw conflict('A user with this email already exists', 'email');
    }
    const open = await tx.manager.exists(InvitationEntity, {
      where: { email, acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    if (open) throw conflict('An open invitation for this email exists', 'email');
    const token = newOpaqueToken();
    const entity = await tx.manager.save(
      tx.manager.create(InvitationEntity, {
        ...invitation,
        email,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      }),
    );
    return { invitation: entity, token };
  }

  /**
   * Invites the owners of many firms at once (a registry import), set-based. A firm that already has an owner, or an
   * open invitation, is skipped, and so is an email some user already signs in with: importing the same registry
   * again invites nobody twice.
   */
  async inviteOwners(tx: Tx, owners: readonly OwnerToInvite[], invitedBy: string): Promise<IssuedInvitation[]> {
    if (!owners.length) return [];
    const firmIds = owners.map((owner) => owner.firmId);
    const emails = owners.flatMap((owner) => (owner.email ? [owner.email.trim().toLowerCase()] : []));
    // One after the other: a transaction's statements share one connection.
    const covered: { firm_id: string }[] = await tx.manager.query(
      `SELECT DISTINCT firm_id FROM users WHERE firm_id = ANY($1::uuid[])
       UNION
       SELECT DISTINCT firm_id FROM invitations
        WHERE firm_id = ANY($1::uuid[]) AND accepted_at IS NULL AND expires_at > now()`,
      [firmIds],
    );
    const taken: { email: string }[] = await tx.manager.query('SELECT email FROM users WHERE email = ANY($1::text[])', [
      emails,
    ]);
    const skipFirm = new Set(covered.map((row) => row.firm_id));
    const skipEmail = new Set(taken.map((row) => row.email));
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
    const issued = owners
      .map((owner) => ({ ...owner, email: owner.email?.trim().toLowerCase() || null }))
      .filter((owner) => !skipFirm.has(owner.firmId) && !(owner.email && skipEmail.has(owner.email)))
      .map((owner) => ({ owner, token: newOpaqueToken() }));
    if (!issued.length) return [];
    const rows: { id: string; firm_id: string }[] = await tx.manager.query(
      `INSERT INTO invitations (token_hash, email, phone, role, park_id, firm_id, invited_by, expires_at)
       SELECT i.token_hash, i.email, i.phone, $1, i.park_id, i.firm_id, $2, $3
         FROM unnest($4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[])
              AS i(token_hash, email, phone, park_id, firm_id)
       RETURNING id, firm_id`,
      [
        Role.SME_OWNER,
        invitedBy,
        expiresAt,
        issued.map(({ token }) => sha256(token)),
        issued.map(({ owner }) => owner.email),
        issued.map(({ owner }) => owner.phone),
        issued.map(({ owner }) => owner.parkId),
        issued.map(({ owner }) => owner.firmId),
      ],
    );
    const idOf = new Map(rows.map((row) => [row.firm_id, row.id]));
    return issued.map(({ owner, token }) => ({
      id: idOf.get(owner.firmId)!,
      firmId: owner.firmId,
      email: owner.email,
      phone: owner.phone,
      expiresAt,
      token,
    }));
  }
}
