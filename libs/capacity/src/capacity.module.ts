import { Module } from '@nestjs/common';
import { FirmsModule } from '@vg/firms';
import { BookingService } from './booking.service';
import { CapacityResolver } from './capacity.resolver';
import { CapacityService } from './capacity.service';

@Module({
  imports: [FirmsModule],
  providers: [CapacityService, BookingService, CapacityResolver],
  exports: [CapacityService, BookingService],
})
export class CapacityModule {}
