import { DomainEvent } from '@vg/core';
import { VirtualGroupEntity } from './virtual-group.entity';

/** Events a group's park admins, lead firm and the firms concerned hear of (no figures: events are broadcast). */
export function groupEvent(
  type: string,
  group: VirtualGroupEntity,
  firmIds: string[] = [],
  payload: Record<string, unknown> = {},
): DomainEvent {
  return {
    type,
    subjectId: group.id,
    parkIds: [group.parkId],
    firmIds: [...new Set([group.leadFirmId, ...firmIds])],
    buyerOrgIds: [],
    payload: { groupId: group.id, name: group.name, status: group.status, ...payload },
    occurredAt: new Date().toISOString(),
  };
}
