import { Module } from '@nestjs/common';
import { IdentityModule } from '@vg/identity';
import { ParksResolver } from './parks.resolver';
import { ParksService } from './parks.service';

@Module({
  imports: [IdentityModule],
  providers: [ParksService, ParksResolver],
  exports: [ParksService],
})
export class ParksModule {}
