import { AUDIT_ENTITIES } from '@vg/audit';
import { CAPACITY_ENTITIES } from '@vg/capacity';
import { CORE_ENTITIES } from '@vg/core';
import { EVALUATION_ENTITIES } from '@vg/evaluation';
import { FIRMS_ENTITIES } from '@vg/firms';
import { GROUPS_ENTITIES } from '@vg/groups';
import { IDENTITY_ENTITIES } from '@vg/identity';
import { MATCHING_ENTITIES } from '@vg/matching';
import { NOTIFICATIONS_ENTITIES } from '@vg/notifications';
import { ORDERS_ENTITIES } from '@vg/orders';
import { OUTPUT_ENTITIES } from '@vg/output';
import { PARKS_ENTITIES } from '@vg/parks';

/** Every context's entities, listed as classes (no globs: the same list works from src, dist and jest). */
export const ENTITIES = [
  ...CORE_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...PARKS_ENTITIES,
  ...FIRMS_ENTITIES,
  ...GROUPS_ENTITIES,
  ...CAPACITY_ENTITIES,
  ...ORDERS_ENTITIES,
  ...MATCHING_ENTITIES,
  ...OUTPUT_ENTITIES,
  ...EVALUATION_ENTITIES,
  ...AUDIT_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
];
