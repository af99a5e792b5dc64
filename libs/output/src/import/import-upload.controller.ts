import { Body, Controller, HttpCode, Post, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { badInput, CurrentUser, HttpErrorFilter, Principal, Role, Roles } from '@vg/core';
import { ImportJobModel, IssuedOwnerInvitationModel } from '../dto/import.models';
import { ImportFileType, ImportFormat } from '../import-job.entity';
import { ImportService } from './import.service';

/** What multer hands the route: the file's bytes in memory (the cap keeps them bounded). */
interface UploadedImportFile {
  originalname: string;
  buffer: Buffer;
}

/**
 * The upload route for files of real size: `POST /imports` as multipart/form-data with the fields `fileType`
 * (an ImportFileType), `format` (CSV or XLSX; else taken from the file name) and the file in `file`. The body is
 * streamed by multer with its own cap (IMPORT_MAX_BYTES, 32 MB by default), not the JSON body limit. Signed in with
 * the same bearer token as GraphQL; park admins only. Answers the ImportResult as JSON, errors in the GraphQL shape.
 */
@Controller('imports')
@UseFilters(new HttpErrorFilter('file', 'the upload cap (IMPORT_MAX_BYTES)'))
export class ImportUploadController {
  constructor(private readonly imports: ImportService) {}

  @Roles(Role.PARK_ADMIN)
  @Post()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @CurrentUser() principal: Principal,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() fields: Record<string, unknown>,
  ) {
    if (!file) throw badInput('file', 'Send the file in a multipart field named "file"');
    const fileType = fields.fileType;
    if (typeof fileType !== 'string' || !Object.values<string>(ImportFileType).includes(fileType)) {
      throw badInput('fileType', `fileType must be one of ${Object.values(ImportFileType).join(', ')}`);
    }
    const fileName = file.originalname.trim().slice(0, 255) || 'upload';
    const outcome = await this.imports.importBytes(
      principal,
      { fileType: fileType as ImportFileType, format: formatOf(fields.format, fileName), fileName },
      file.buffer,
      'file',
    );
    return {
      data: {
        job: ImportJobModel.from(outcome.job),
        replayed: outcome.replayed,
        invitations: outcome.invitations.map(IssuedOwnerInvitationModel.from),
      },
    };
  }
}

function formatOf(given: unknown, fileName: string): ImportFormat {
  if (given !== undefined && given !== '') {
    if (given === ImportFormat.CSV || given === ImportFormat.XLSX) return given;
    throw badInput('format', 'format must be CSV or XLSX');
  }
  if (/\.csv$/i.test(fileName)) return ImportFormat.CSV;
  if (/\.xlsx$/i.test(fileName)) return ImportFormat.XLSX;
  throw badInput('format', 'Name the format (CSV or XLSX): the file name does not say it');
}
