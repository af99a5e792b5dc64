import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toModel } from '../graphql/model';
import { ExportedFile, ExportFormat } from './table-export';

registerEnumType(ExportFormat, { name: 'ExportFormat' });

@ObjectType('ExportedFile', { description: 'A file to save: decode contentBase64 and name it fileName.' })
export class ExportedFileModel {
  @Field(() => String)
  fileName: string;

  @Field(() => String)
  contentType: string;

  @Field(() => String)
  contentBase64: string;

  @Field(() => Int)
  rowCount: number;

  static from(file: ExportedFile): ExportedFileModel {
    return toModel(ExportedFileModel, {
      fileName: file.fileName,
      contentType: file.contentType,
      contentBase64: file.contentBase64,
      rowCount: file.rowCount,
    });
  }
}
