import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { MONTH_PATTERN } from './figures.inputs';
import { AnnualFigureKind, ExportFormat } from './output-enums';

@ArgsType()
export class YearArgs {
  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

@ArgsType()
export class FigureHistoryArgs extends YearArgs {
  @Field(() => AnnualFigureKind)
  @IsEnum(AnnualFigureKind)
  kind: AnnualFigureKind;
}

@ArgsType()
export class MonthRangeArgs {
  @Field(() => String, { description: 'First month, YYYY-MM.' })
  @Matches(MONTH_PATTERN, { message: 'must be a month as YYYY-MM' })
  from: string;

  @Field(() => String, { description: 'Last month, YYYY-MM (at most 60 months in all).' })
  @Matches(MONTH_PATTERN, { message: 'must be a month as YYYY-MM' })
  to: string;
}

@ArgsType()
export class MonthArgs {
  @Field(() => String, { description: 'YYYY-MM' })
  @Matches(MONTH_PATTERN, { message: 'must be a month as YYYY-MM' })
  month: string;
}

@ArgsType()
export class SheetExportArgs extends YearArgs {
  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format: ExportFormat;

  @Field(() => ID, { nullable: true, description: 'Platform admins name the park; others get their own.' })
  @IsOptional()
  @IsUUID()
  parkId?: string;
}
