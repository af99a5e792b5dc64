import { FirmCertificationEntity } from './certifications/firm-certification.entity';
import { FirmProcessEntity } from './firm-process.entity';
import { FirmScaleEntity } from './firm-scale.entity';
import { FirmEntity } from './firm.entity';
import { LandPlotEntity } from './land-plot.entity';
import { ProcessEntity } from './process.entity';

export * from './firms.module';
export * from './firms.service';
export * from './firm-lookups';
export * from './firm-year-profiles';
export * from './registry-facts';
export { RegistryImportService } from './registry/registry-import.service';
export type { RegistryOutcome, RegistryPreparation } from './registry/registry-import.service';
export { REGISTRY_LAYOUTS, RegistryKind } from './registry/registry-layouts';
export type { RegistryColumn, RegistryLayout } from './registry/registry-layouts';
export type { RegistryProblem, RegistryRecords, RegistryRow } from './registry/registry-validation';
export * from './dto/firm.models';
export { FirmScale } from './firm-scale.entity';
export { LandAreaUnit, LandTenure } from './land-plot.entity';
export { EXACT_MU_SQL, MU_PER_SQUARE_METRE } from './land-area';
export { FirmCertificationEntity, FirmEntity, FirmProcessEntity, FirmScaleEntity, LandPlotEntity, ProcessEntity };

export const FIRMS_ENTITIES = [
  FirmEntity,
  FirmScaleEntity,
  FirmProcessEntity,
  ProcessEntity,
  LandPlotEntity,
  FirmCertificationEntity,
];
export * from './firm-directory.queries';
export * from './firm-bulk-load';
export * from './supplier-directory.queries';
export { FirmCertificationModel } from './certifications/certification.models';
export { FirmCertificationsService } from './certifications/firm-certifications.service';
