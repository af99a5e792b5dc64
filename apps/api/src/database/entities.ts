import { FIRMS_ENTITIES } from '@vg/firms';
import { IDENTITY_ENTITIES } from '@vg/identity';
import { PARKS_ENTITIES } from '@vg/parks';

/** Every context's entities, listed as classes (no globs: the same list works from src, dist and jest). */
export const ENTITIES = [...IDENTITY_ENTITIES, ...PARKS_ENTITIES, ...FIRMS_ENTITIES];
