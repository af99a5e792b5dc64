import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ImportFileType, ImportFormat, ImportJobState } from '../import-job.entity';

@InputType()
export class ImportFileInput {
  @Field(() => ImportFileType, {
    description: 'Which bureau the file comes from; decides the columns (importLayouts).',
  })
  @IsEnum(ImportFileType)
  fileType: ImportFileType;

  @Field(() => ImportFormat)
  @IsEnum(ImportFormat)
  format: ImportFormat;

  @Field(() => String, { description: 'The original file name, for the record.' })
  @IsString()
  @Length(1, 255)
  fileName: string;

  @Field(() => String, {
    description:
      'The file, base64-encoded: at most 10 MB decoded, and within the request body limit (BODY_LIMIT_BYTES, 1 MB by default).',
  })
  @IsString()
  @MaxLength(14_000_000)
  contentBase64: string;
}

@InputType()
export class ImportJobFilterInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins only; park admins see their own park.' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field(() => ImportJobState, { nullable: true })
  @IsOptional()
  @IsEnum(ImportJobState)
  state?: ImportJobState;

  @Field(() => ImportFileType, { nullable: true })
  @IsOptional()
  @IsEnum(ImportFileType)
  fileType?: ImportFileType;
}
