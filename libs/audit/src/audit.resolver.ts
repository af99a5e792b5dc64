import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, ExportedFileModel, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { AuditTrailService } from './audit-trail.service';
import { AuditExportArgs, AuditTrailFilterInput } from './dto/audit.inputs';
import { AuditEventConnection, AuditEventModel } from './dto/audit.models';

const ADMINS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN];

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(private readonly trail: AuditTrailService) {}

  @Roles(...ADMINS)
  @Query(() => AuditEventConnection, {
    description:
      'Who changed land, scale, figures, adjustments, objection decisions, schemes, policies and memberships, when, ' +
      'from what to what and why: newest first, per firm, per round or per year.',
  })
  async auditTrail(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: AuditTrailFilterInput,
  ) {
    const result = await this.trail.list(principal, filter ?? {}, page);
    return toConnection(
      result,
      (event) => AuditEventModel.from(event, result.actors),
      (event) => event.sequence,
    );
  }

  @Roles(...ADMINS)
  @Query(() => ExportedFileModel, { description: 'The audit trail as CSV or XLSX (base64), newest first.' })
  async exportAuditTrail(
    @CurrentUser() principal: Principal,
    @Args() { format }: AuditExportArgs,
    @Args('filter', { nullable: true }) filter?: AuditTrailFilterInput,
  ): Promise<ExportedFileModel> {
    return ExportedFileModel.from(await this.trail.export(principal, filter ?? {}, format));
  }
}
