import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { ImportFileInput, ImportJobFilterInput } from '../dto/import.inputs';
import { ImportJobConnection, ImportJobModel, ImportLayoutModel, ImportResultModel } from '../dto/import.models';
import { REGISTRY_LAYOUTS } from '@vg/firms';
import { ImportFileType } from '../import-job.entity';
import { IMPORT_LAYOUTS, REGISTRY_FILE_KINDS } from './import-layouts';
import { ImportService } from './import.service';

@Resolver(() => ImportJobModel)
export class ImportResolver {
  constructor(private readonly imports: ImportService) {}

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => ImportResultModel, {
    description:
      'Import a bureau file (CSV or XLSX; CSV in UTF-8 or GB18030/GBK) into your park: every row valid and written, ' +
      'or nothing written and a row-by-row report. The same file again changes nothing. The file travels base64 in ' +
      'this request, so the request body limit applies: send files of real size to POST /imports (multipart). ' +
      'Watch a large file with importJob / importJobs.',
  })
  async importBureauFile(
    @CurrentUser() principal: Principal,
    @Args('input') input: ImportFileInput,
  ): Promise<ImportResultModel> {
    return ImportResultModel.from(await this.imports.importFile(principal, input));
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => ImportJobModel, { description: 'An import job with its progress (rows total / processed) and report.' })
  async importJob(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<ImportJobModel> {
    return ImportJobModel.from(await this.imports.get(principal, id));
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => ImportJobConnection)
  async importJobs(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ImportJobFilterInput,
  ) {
    return toConnection(await this.imports.list(principal, filter ?? {}, page), ImportJobModel.from, (job) => job.id);
  }

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => [ImportLayoutModel], { description: 'The declared columns of each type of bureau file.' })
  importLayouts(): ImportLayoutModel[] {
    return [
      ...Object.values(IMPORT_LAYOUTS).map(ImportLayoutModel.from),
      ...Object.entries(REGISTRY_FILE_KINDS).map(([fileType, kind]) =>
        ImportLayoutModel.fromRegistry(fileType as ImportFileType, REGISTRY_LAYOUTS[kind]),
      ),
    ];
  }
}
