import { Module } from '@nestjs/common';
import { GroupQueriesService } from './group-queries.service';
import { VirtualGroupsResolver } from './virtual-groups.resolver';
import { VirtualGroupsService } from './virtual-groups.service';

@Module({
  providers: [VirtualGroupsService, GroupQueriesService, VirtualGroupsResolver],
  exports: [GroupQueriesService],
})
export class GroupsModule {}
