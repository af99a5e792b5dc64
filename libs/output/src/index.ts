import { AnnualFigureEntity } from './annual-figure.entity';
import { ImportJobEntity } from './import-job.entity';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { PlatformOutputFactEntity } from './platform-output-fact.entity';
import { YearSheetEntity } from './year-sheet.entity';

export * from './output.module';
export * from './annual-figure-kind';
export * from './figure-provenance';
export * from './figure-writer';
export * from './figure-lookups';
export * from './sql-page';
export { assertFitsKind } from './annual-figures.service';
// The per-firm uplift statement, for read models that aggregate it further (the cockpit's histogram and rankings).
export { currentWindow, lastDayOf, upliftQuery } from './uplift-statement';
export type { UpliftMember, Window as UpliftWindow } from './uplift-statement';
// Platform output: written once when a stage is delivered (matching records it), summed by every reader.
export * from './platform-output.recorder';
export * from './output-totals.queries';
export * from './import/import.service';
export * from './import/import-layouts';
export { readCsv } from './import/table-readers';
export { ImportFileType, ImportFormat, ImportJobState } from './import-job.entity';
export { AnnualFigureEntity, ImportJobEntity, MonthlyOutputEntity, PlatformOutputFactEntity, YearSheetEntity };

export const OUTPUT_ENTITIES = [
  ImportJobEntity,
  AnnualFigureEntity,
  MonthlyOutputEntity,
  YearSheetEntity,
  PlatformOutputFactEntity,
];
export * from './figure-bulk-load';
