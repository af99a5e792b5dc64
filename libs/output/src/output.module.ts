import { Module } from '@nestjs/common';
import { AnnualFiguresService } from './annual-figures.service';
import { SheetExportService } from './export/sheet-export.service';
import { FigureWriter } from './figure-writer';
import { FiguresResolver } from './figures.resolver';
import { ImportResolver } from './import/import.resolver';
import { ImportService } from './import/import.service';
import { MonthlyOutputService } from './monthly-output.service';
import { PlatformOutputRecorder } from './platform-output.recorder';
import { UpliftResolver } from './uplift.resolver';
import { UpliftService } from './uplift.service';

@Module({
  providers: [
    FigureWriter,
    ImportService,
    AnnualFiguresService,
    MonthlyOutputService,
    PlatformOutputRecorder,
    UpliftService,
    SheetExportService,
    ImportResolver,
    FiguresResolver,
    UpliftResolver,
  ],
  exports: [FigureWriter, ImportService, UpliftService, PlatformOutputRecorder],
})
export class OutputModule {}
