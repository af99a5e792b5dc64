import { FirmProcessEntity } from './firm-process.entity';
import { FirmScaleEntity } from './firm-scale.entity';
import { FirmEntity } from './firm.entity';
import { LandPlotEntity } from './land-plot.entity';
import { ProcessEntity } from './process.entity';

export * from './firms.module';
export * from './firms.service';
export * from './firm-lookups';
export * from './firm-year-profiles';
export * from './dto/firm.models';
export { FirmScale } from './firm-scale.entity';
export { LandTenure } from './land-plot.entity';
export { FirmEntity, FirmProcessEntity, FirmScaleEntity, LandPlotEntity, ProcessEntity };

export const FIRMS_ENTITIES = [FirmEntity, FirmScaleEntity, FirmProcessEntity, ProcessEntity, LandPlotEntity];
export * from './firm-directory.queries';
