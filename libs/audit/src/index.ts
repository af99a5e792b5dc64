import { AuditEventEntity } from './audit-event.entity';

export * from './audit.module';
export * from './audit-trail';
export { AuditAction, AuditSubject } from './audit-event.entity';
export { AuditEventEntity };

export const AUDIT_ENTITIES = [AuditEventEntity];
