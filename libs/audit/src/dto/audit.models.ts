import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, Role, toModel } from '@vg/core';
import type { UserLabel } from '@vg/identity';
import { AuditAction, AuditEventEntity, AuditSubject } from '../audit-event.entity';

registerEnumType(AuditSubject, { name: 'AuditSubject', description: 'The kind of record a change was made to.' });
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'CREATED, CHANGED, REMOVED, or DECIDED (a review or a decision).',
});

@ObjectType('AuditEvent', { description: 'One change: who made it, when, to what, before and after, and why.' })
export class AuditEventModel {
  @Field(() => ID)
  id: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: 'Null for a platform-wide record (a shared scheme).' })
  parkId: string | null;

  @Field(() => ID, { nullable: true })
  firmId: string | null;

  @Field(() => ID, { nullable: true })
  roundId: string | null;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field(() => AuditSubject)
  subject: AuditSubject;

  @Field(() => String, { description: 'The changed record’s id (or key, e.g. firm and year of a scale).' })
  subjectId: string;

  @Field(() => AuditAction)
  action: AuditAction;

  @Field(() => ID)
  actorId: string;

  @Field(() => Role)
  actorRole: Role;

  @Field(() => String, { nullable: true, description: 'The actor’s display name and email, while the user exists.' })
  actorLabel: string | null;

  @Field(() => ID, { nullable: true })
  importJobId: string | null;

  @Field(() => String, { nullable: true, description: 'The record before the change, JSON; null when created.' })
  beforeJson: string | null;

  @Field(() => String, { nullable: true, description: 'The record after the change, JSON; null when removed.' })
  afterJson: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  static from(event: AuditEventEntity, actors: ReadonlyMap<string, UserLabel>): AuditEventModel {
    return toModel(AuditEventModel, {
      id: event.id,
      occurredAt: event.occurredAt,
      parkId: event.parkId,
      firmId: event.firmId,
      roundId: event.roundId,
      year: event.year,
      subject: event.subject,
      subjectId: event.subjectId,
      action: event.action,
      actorId: event.actorId,
      actorRole: event.actorRole,
      actorLabel: actorLabel(actors.get(event.actorId)),
      importJobId: event.importJobId,
      beforeJson: event.before === null ? null : JSON.stringify(event.before),
      afterJson: event.after === null ? null : JSON.stringify(event.after),
      reason: event.reason,
    });
  }
}

export function actorLabel(user: UserLabel | undefined): string | null {
  return user ? `${user.displayName} <${user.email}>` : null;
}

export const AuditEventConnection = Connection(AuditEventModel, 'AuditEvent');
