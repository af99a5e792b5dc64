import { CapacityListingEntity } from './capacity-listing.entity';
import { CapacitySlotEntity } from './capacity-slot.entity';

export * from './capacity.module';
export * from './capacity.service';
export * from './booking.service';
export * from './free-capacity.queries';
export * from './capacity-change-log';
export * from './capacity-utilisation.queries';
export * from './listing-bulk-load';
export { ListingStatus } from './capacity-listing.entity';
export { CapacityListingEntity, CapacitySlotEntity };

export const CAPACITY_ENTITIES = [CapacityListingEntity, CapacitySlotEntity];
