import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditTrailService } from './audit-trail.service';

/** Reading the trail; writing it is `recordAudit`, called by each context inside its own transaction. */
@Module({ providers: [AuditTrailService, AuditResolver] })
export class AuditModule {}
