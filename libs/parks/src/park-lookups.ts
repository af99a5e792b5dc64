import { EntityManager } from 'typeorm';
import { ParkEntity } from './park.entity';

/** Whether a park of this id exists (other libs check it before they file a row under the park). */
export function parkExists(manager: EntityManager, parkId: string): Promise<boolean> {
  return manager.exists(ParkEntity, { where: { id: parkId } });
}
