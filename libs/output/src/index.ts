import { AnnualFigureEntity } from './annual-figure.entity';
import { ImportJobEntity } from './import-job.entity';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { YearSheetEntity } from './year-sheet.entity';

export * from './output.module';
export * from './annual-figure-kind';
export * from './figure-provenance';
export * from './figure-writer';
export * from './figure-lookups';
export * from './sql-page';
export { assertFitsKind } from './annual-figures.service';
// The per-firm uplift statement, for read models that aggregate it further (the cockpit's histogram and rankings).
export { currentWindow, upliftQuery } from './uplift.service';
export type { Members as UpliftMembers, Window as UpliftWindow } from './uplift.service';
export * from './import/import.service';
export * from './import/import-layouts';
export { ImportFileType, ImportFormat, ImportJobState } from './import-job.entity';
export { AnnualFigureEntity, ImportJobEntity, MonthlyOutputEntity, YearSheetEntity };

export const OUTPUT_ENTITIES = [ImportJobEntity, AnnualFigureEntity, MonthlyOutputEntity, YearSheetEntity];
