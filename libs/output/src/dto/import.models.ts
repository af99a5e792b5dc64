import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, toModel } from '@vg/core';
import type { RegistryLayout } from '@vg/firms';
import type { IssuedInvitation } from '@vg/identity';
import type { ImportOutcome } from '../import/import.service';
import { ImportFileType, ImportFormat, ImportJobEntity, ImportJobState, ImportRowError } from '../import-job.entity';
import { FigureColumn, ImportColumn, ImportLayout } from '../import/import-layouts';
import { AnnualFigureKind } from '../annual-figure-kind';

registerEnumType(ImportFileType, {
  name: 'ImportFileType',
  description:
    'Figures: TAX_BUREAU, STATISTICS, POWER, ENVIRONMENT (yearly, keyed by USCC and year), MONTHLY_OUTPUT (by ' +
    'month). Registry: FIRM_REGISTRY (firms by USCC), LAND_REGISTRY (plots by certificate), SCALE_LIST (规上 per year).',
});
registerEnumType(ImportFormat, { name: 'ImportFormat' });
registerEnumType(ImportJobState, { name: 'ImportJobState' });

@ObjectType('ImportRowError')
export class ImportRowErrorModel {
  @Field(() => Int, { description: 'Line in the file (header = 1); 0 for the file as a whole.' })
  row: number;

  @Field(() => String, { nullable: true })
  column: string | null;

  @Field(() => String, {
    description:
      'UNKNOWN_USCC, WRONG_PARK, BAD_NUMBER, BAD_KEY, BAD_VALUE, MISSING_VALUE, DUPLICATE_ROW, MISSING_COLUMN, ' +
      'EMPTY_FILE, UNREADABLE_FILE, TOO_LARGE, INTERRUPTED.',
  })
  code: string;

  @Field(() => String)
  message: string;

  static from(error: ImportRowError): ImportRowErrorModel {
    return toModel(ImportRowErrorModel, {
      row: error.row,
      column: error.column,
      code: error.code,
      message: error.message,
    });
  }
}

@ObjectType('ImportJob')
export class ImportJobModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => ImportFileType)
  fileType: ImportFileType;

  @Field(() => ImportFormat)
  format: ImportFormat;

  @Field(() => String)
  fileName: string;

  @Field(() => String, { description: 'SHA-256 of the file, hex: the same file is imported once.' })
  contentHash: string;

  @Field(() => Int)
  byteSize: number;

  @Field(() => ImportJobState)
  state: ImportJobState;

  @Field(() => Int, { description: 'Data rows in the file.' })
  rowsTotal: number;

  @Field(() => Int, { description: 'Rows written so far (all of them once SUCCEEDED; those checked once FAILED).' })
  rowsProcessed: number;

  @Field(() => Int, { description: 'Figures that changed; an unchanged value writes nothing.' })
  figuresWritten: number;

  @Field(() => Int, { description: 'Registry files: firms, plots or scales added.' })
  recordsCreated: number;

  @Field(() => Int, {
    description: 'Registry files: firms, plots or scales changed (unchanged ones count in neither).',
  })
  recordsUpdated: number;

  @Field(() => Int, {
    description: 'Firm registry: owners invited (one per firm with an email or a phone and no owner).',
  })
  invitationsIssued: number;

  @Field(() => String, {
    nullable: true,
    description: 'How a CSV file was read: UTF-8, UTF-8 (BOM) or GB18030 (GBK files too); null for XLSX.',
  })
  encoding: string | null;

  @Field(() => Int)
  errorCount: number;

  @Field(() => [ImportRowErrorModel], { description: 'Row by row, the first 1,000; never with figure values.' })
  errors: ImportRowErrorModel[];

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  static from(job: ImportJobEntity): ImportJobModel {
    return toModel(ImportJobModel, {
      id: job.id,
      parkId: job.parkId,
      fileType: job.fileType,
      format: job.format,
      fileName: job.fileName,
      contentHash: job.contentHash,
      byteSize: job.byteSize,
      state: job.state,
      rowsTotal: job.rowsTotal,
      rowsProcessed: job.rowsProcessed,
      figuresWritten: job.figuresWritten,
      recordsCreated: job.recordsCreated,
      recordsUpdated: job.recordsUpdated,
      invitationsIssued: job.invitationsIssued,
      encoding: job.encoding,
      errorCount: job.errorCount,
      errors: job.errors.map(ImportRowErrorModel.from),
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    });
  }
}

export const ImportJobConnection = Connection(ImportJobModel, 'ImportJob');

@ObjectType('IssuedOwnerInvitation', {
  description: 'An owner invitation a registry import issued: send the token by mail or SMS; it is shown only here.',
})
export class IssuedOwnerInvitationModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => DateTimeScalar)
  expiresAt: Date;

  @Field(() => String, { description: 'For acceptInvitation; shown once.' })
  token: string;

  static from(invitation: IssuedInvitation): IssuedOwnerInvitationModel {
    return toModel(IssuedOwnerInvitationModel, {
      id: invitation.id,
      firmId: invitation.firmId!,
      email: invitation.email,
      phone: invitation.phone,
      expiresAt: invitation.expiresAt,
      token: invitation.token,
    });
  }
}

@ObjectType('ImportResult')
export class ImportResultModel {
  @Field(() => ImportJobModel)
  job: ImportJobModel;

  @Field(() => Boolean, { description: 'True when this very file was imported before: nothing was written now.' })
  replayed: boolean;

  @Field(() => [IssuedOwnerInvitationModel], {
    description: 'Firm registry imports: the owner invitations issued now (empty on a replay).',
  })
  invitations: IssuedOwnerInvitationModel[];

  static from(outcome: ImportOutcome): ImportResultModel {
    return toModel(ImportResultModel, {
      job: ImportJobModel.from(outcome.job),
      replayed: outcome.replayed,
      invitations: outcome.invitations.map(IssuedOwnerInvitationModel.from),
    });
  }
}

@ObjectType('ImportColumn')
export class ImportColumnModel {
  @Field(() => String)
  key: string;

  @Field(() => [String], { description: 'Header names accepted for it (trimmed, case-blind).' })
  headers: string[];

  @Field(() => AnnualFigureKind, {
    nullable: true,
    description: 'The yearly figure it fills; null for keys and monthly output.',
  })
  figure: AnnualFigureKind | null;

  @Field(() => String, { nullable: true })
  unit: string | null;

  @Field(() => Int, { nullable: true, description: 'Most decimals accepted.' })
  scale: number | null;

  static fromKey(column: ImportColumn): ImportColumnModel {
    return toModel(ImportColumnModel, {
      key: column.key,
      headers: column.headers,
      figure: null,
      unit: null,
      scale: null,
    });
  }

  static fromFigure(column: FigureColumn): ImportColumnModel {
    return toModel(ImportColumnModel, {
      key: column.key,
      headers: column.headers,
      figure: column.kind,
      unit: column.unit,
      scale: column.scale,
    });
  }
}

@ObjectType('ImportLayout')
export class ImportLayoutModel {
  @Field(() => ImportFileType)
  fileType: ImportFileType;

  @Field(() => String)
  description: string;

  @Field(() => String, { description: 'YEAR or MONTH for figures; NONE for a registry file.' })
  period: string;

  @Field(() => [ImportColumnModel], { description: 'Required columns.' })
  keyColumns: ImportColumnModel[];

  @Field(() => [ImportColumnModel], {
    description: 'Figure columns; a file needs at least one, a blank cell is no figure.',
  })
  figureColumns: ImportColumnModel[];

  @Field(() => [ImportColumnModel], { description: 'Registry files: further columns, each optional.' })
  optionalColumns: ImportColumnModel[];

  static from(layout: ImportLayout): ImportLayoutModel {
    return toModel(ImportLayoutModel, {
      fileType: layout.fileType,
      description: layout.description,
      period: layout.period,
      keyColumns: layout.keyColumns.map(ImportColumnModel.fromKey),
      figureColumns: layout.figureColumns.map(ImportColumnModel.fromFigure),
      optionalColumns: [],
    });
  }

  /** A registry file: required columns as keys, the others optional; not per period. */
  static fromRegistry(fileType: ImportFileType, layout: RegistryLayout): ImportLayoutModel {
    return toModel(ImportLayoutModel, {
      fileType,
      description: layout.description,
      period: 'NONE',
      keyColumns: layout.columns.filter((column) => column.required).map(ImportColumnModel.fromKey),
      figureColumns: [],
      optionalColumns: layout.columns.filter((column) => !column.required).map(ImportColumnModel.fromKey),
    });
  }
}
