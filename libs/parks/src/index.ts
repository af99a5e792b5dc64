import { DistanceMode, ParkEntity } from './park.entity';

export * from './parks.module';
export * from './parks.service';
export * from './dto/park.model';
export { DistanceMode, ParkEntity };

export const PARKS_ENTITIES = [ParkEntity];
export * from './park.queries';
export * from './park-bulk-load';
