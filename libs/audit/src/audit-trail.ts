import { Principal, Role, Tx } from '@vg/core';
import { AuditAction, AuditSubject } from './audit-event.entity';

/** Who made a change: a signed-in user with their role. */
export interface AuditActor {
  userId: string;
  role: Role;
}

export interface AuditEntry {
  /** Null for a platform-wide record. */
  parkId: string | null;
  firmId?: string | null;
  roundId?: string | null;
  year?: number | null;
  subject: AuditSubject;
  subjectId: string;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason?: string | null;
  importJobId?: string | null;
}

/** Entries per INSERT: one JSON document each, parsed by PostgreSQL. */
const ENTRIES_PER_STATEMENT = 5000;

export const auditActor = (principal: Principal): AuditActor => ({ userId: principal.userId, role: principal.role });

/**
 * Records changes inside the transaction that makes them, so a change and its record commit or roll back together.
 * Set-based: thousands of entries (an import) are a few statements. Entries whose before and after are equal record
 * nothing: only changes are kept.
 */
export async function recordAudit(tx: Tx, actor: AuditActor, entries: readonly AuditEntry[]): Promise<number> {
  const changes = entries.filter((entry) => JSON.stringify(entry.before) !== JSON.stringify(entry.after));
  for (let start = 0; start < changes.length; start += ENTRIES_PER_STATEMENT) {
    const batch = changes.slice(start, start + ENTRIES_PER_STATEMENT).map((entry) => ({
      park_id: entry.parkId,
      firm_id: entry.firmId ?? null,
      round_id: entry.roundId ?? null,
      year: entry.year ?? null,
      subject: entry.subject,
      subject_id: entry.subjectId,
      action: entry.action,
      import_job_id: entry.importJobId ?? null,
      before: entry.before,
      after: entry.after,
      reason: entry.reason ?? null,
    }));
    await tx.manager.query(
      `INSERT INTO audit_events (park_id, firm_id, round_id, year, subject, subject_id, action, actor_id, actor_role,
                                 import_job_id, before, after, reason)
       SELECT e.park_id, e.firm_id, e.round_id, e.year, e.subject, e.subject_id, e.action, $1, $2,
              e.import_job_id, e.before, e.after, e.reason
         FROM jsonb_to_recordset($3::jsonb) AS e(park_id uuid, firm_id uuid, round_id uuid, year smallint,
              subject audit_subject, subject_id text, action audit_action, import_job_id uuid, before jsonb,
              after jsonb, reason text)`,
      [actor.userId, actor.role, JSON.stringify(batch)],
    );
  }
  return changes.length;
}
