import { GroupMemberEntity } from './group-member.entity';
import { VirtualGroupEntity } from './virtual-group.entity';

export * from './groups.module';
export * from './group-queries.service';
export * from './dto/group.models';
export { GroupStatus } from './virtual-group.entity';
export { VirtualGroupEntity, GroupMemberEntity };

export const GROUPS_ENTITIES = [VirtualGroupEntity, GroupMemberEntity];
export * from './group-membership.queries';
