import { Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, ExportedFileModel, IdArg, Principal, Role, Roles } from '@vg/core';
import { PlanningInstanceExportService } from './planning-instance-export.service';

@Resolver()
export class PlanningInstanceExportResolver {
  constructor(private readonly exports: PlanningInstanceExportService) {}

  @Roles(Role.PARK_ADMIN)
  @Query(() => ExportedFileModel, {
    description:
      'Your park’s re-plan as a vg-planning-instance/1 JSON file (rowCount: its orders): plan it offline with ' +
      '`npm run replan:file -- instance.json plan.json`; another park answers as missing.',
  })
  async exportPlanningInstance(@CurrentUser() principal: Principal, @IdArg('parkId') parkId: string) {
    return ExportedFileModel.from(await this.exports.export(principal, parkId));
  }
}
