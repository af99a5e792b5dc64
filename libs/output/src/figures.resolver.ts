import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CurrentUser,
  ExportedFileModel,
  IdArg,
  PageArgs,
  Principal,
  Role,
  Roles,
  toConnection,
  toModel,
} from '@vg/core';
import { AnnualFiguresService } from './annual-figures.service';
import { FigureHistoryArgs, MonthArgs, MonthRangeArgs, SheetExportArgs, YearArgs } from './dto/figures.args';
import {
  ConfirmYearSheetInput,
  ReportAnnualFiguresInput,
  ReportMonthlyOutputInput,
  ReviewFiguresInput,
  YearSheetFilterInput,
} from './dto/figures.inputs';
import {
  AnnualFigureModel,
  FigureReviewModel,
  MonthlyOutputModel,
  PlatformOutputAllocationConnection,
  YearSheetConnection,
  YearSheetModel,
} from './dto/figures.models';
import { AuditState, ReviewDecision } from './dto/output-enums';
import { SheetExportService } from './export/sheet-export.service';
import { MonthlyOutputService } from './monthly-output.service';

const FIGURE_READERS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER];

@Resolver(() => YearSheetModel)
export class FiguresResolver {
  constructor(
    private readonly annual: AnnualFiguresService,
    private readonly monthly: MonthlyOutputService,
    private readonly sheetExport: SheetExportService,
  ) {}

  @Roles(...FIGURE_READERS)
  @Query(() => YearSheetModel, {
    description: 'A firm’s yearly sheet (一企一单): its own owner and its park’s admins.',
  })
  yearSheet(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { year }: YearArgs,
  ): Promise<YearSheetModel> {
    return this.annual.sheet(principal, firmId, year);
  }

  @Roles(...FIGURE_READERS)
  @Query(() => YearSheetConnection, { description: 'The sheets of every firm the caller may see, by firm id.' })
  async yearSheets(
    @CurrentUser() principal: Principal,
    @Args() { year }: YearArgs,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: YearSheetFilterInput,
  ) {
    return toConnection(
      await this.annual.sheets(principal, year, filter ?? {}, page),
      (sheet) => sheet,
      (sheet) => sheet.firmId,
    );
  }

  @Roles(...FIGURE_READERS)
  @Query(() => [AnnualFigureModel], { description: 'Every version of one figure, newest first.' })
  annualFigureHistory(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { year, kind }: FigureHistoryArgs,
  ): Promise<AnnualFigureModel[]> {
    return this.annual.history(principal, firmId, year, kind);
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => YearSheetModel, { description: 'Report your own yearly figures (SELF_REPORTED, PENDING review).' })
  reportAnnualFigures(
    @CurrentUser() principal: Principal,
    @Args('input') input: ReportAnnualFiguresInput,
  ): Promise<YearSheetModel> {
    return this.annual.report(principal, input);
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => FigureReviewModel, {
    description: 'Approve, or return with a reason, current figures of your park (yearly or monthly): all or none.',
  })
  async reviewFigures(
    @CurrentUser() principal: Principal,
    @Args('input') input: ReviewFiguresInput,
  ): Promise<FigureReviewModel> {
    const reviewed = await this.annual.review(principal, input);
    const auditState = input.decision === ReviewDecision.APPROVE ? AuditState.APPROVED : AuditState.RETURNED;
    return toModel(FigureReviewModel, { reviewed, auditState });
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => YearSheetModel, { description: 'Confirm your yearly sheet as it stands (一企一单).' })
  confirmYearSheet(
    @CurrentUser() principal: Principal,
    @Args('input') input: ConfirmYearSheetInput,
  ): Promise<YearSheetModel> {
    return this.annual.confirm(principal, input);
  }

  @Roles(...FIGURE_READERS)
  @Query(() => [MonthlyOutputModel], { description: 'Output value month by month, with the platform-attributed part.' })
  monthlyOutput(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { from, to }: MonthRangeArgs,
  ): Promise<MonthlyOutputModel[]> {
    return this.monthly.months(principal, firmId, from, to);
  }

  @Roles(Role.SME_OWNER)
  @Mutation(() => MonthlyOutputModel, { description: 'Report your own output value for a month (SELF_REPORTED).' })
  reportMonthlyOutput(
    @CurrentUser() principal: Principal,
    @Args('input') input: ReportMonthlyOutputInput,
  ): Promise<MonthlyOutputModel> {
    return this.monthly.report(principal, input);
  }

  @Roles(...FIGURE_READERS)
  @Query(() => PlatformOutputAllocationConnection, {
    description: 'The delivered proposals behind a month’s platform output.',
  })
  async platformOutputAllocations(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args() { month }: MonthArgs,
    @Args() page: PageArgs,
  ) {
    const result = await this.monthly.platformAllocations(principal, firmId, month, page);
    return toConnection(
      result,
      (row) => row,
      (row) => row.allocationId,
    );
  }

  @Roles(...FIGURE_READERS)
  @Query(() => ExportedFileModel, {
    description: 'The year’s sheets as CSV or XLSX (base64): your park’s, or your own.',
  })
  async exportYearSheets(
    @CurrentUser() principal: Principal,
    @Args() { year, format, parkId }: SheetExportArgs,
  ): Promise<ExportedFileModel> {
    return ExportedFileModel.from(await this.sheetExport.export(principal, year, format, parkId));
  }
}
