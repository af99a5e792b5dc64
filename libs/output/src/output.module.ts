import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '@vg/core';
import { FirmsModule } from '@vg/firms';
import { AnnualFiguresService } from './annual-figures.service';
import { SheetExportService } from './export/sheet-export.service';
import { FigureWriter } from './figure-writer';
import { FiguresResolver } from './figures.resolver';
import { ImportResolver } from './import/import.resolver';
import { FigureFileImport } from './import/figure-file-import';
import { ImportJobs } from './import/import-jobs';
import { ImportUploadController } from './import/import-upload.controller';
import { ImportService } from './import/import.service';
import { RegistryFileImport } from './import/registry-file-import';
import { MonthlyOutputService } from './monthly-output.service';
import { PlatformOutputRecorder } from './platform-output.recorder';
import { UpliftResolver } from './uplift.resolver';
import { UpliftService } from './uplift.service';

@Module({
  imports: [
    FirmsModule,
    // The upload route's own cap: bytes are streamed and counted, never parsed as JSON.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.importMaxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [ImportUploadController],
  providers: [
    FigureWriter,
    ImportJobs,
    FigureFileImport,
    RegistryFileImport,
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
