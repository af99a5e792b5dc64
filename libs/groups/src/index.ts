import { GroupMemberEntity } from './group-member.entity';
import { VirtualGroupEntity } from './virtual-group.entity';

export { GroupStatus } from './virtual-group.entity';
export { VirtualGroupEntity, GroupMemberEntity };

export const GROUPS_ENTITIES = [VirtualGroupEntity, GroupMemberEntity];
