import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, notFound, Page, PageArgs, Principal, UnitOfWork } from '@vg/core';
import { InboxNotificationEntity } from './inbox-notification.entity';

/** A user's own inbox: nobody else's item is reachable, not even to mark it read. */
@Injectable()
export class InboxService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Newest first, keyset-paged on the item's sequence. */
  async list(principal: Principal, page: PageArgs, unreadOnly: boolean): Promise<Page<InboxNotificationEntity>> {
    const query = this.unitOfWork.manager
      .createQueryBuilder(InboxNotificationEntity, 'n')
      .where('n.user_id = :userId', { userId: principal.userId });
    if (unreadOnly) query.andWhere('n.read_at IS NULL');
    const totalCount = await query.clone().getCount();
    if (page.after) {
      const before = decodeCursor(page.after);
      if (!/^\d{1,19}$/.test(before)) return { nodes: [], totalCount, hasNextPage: false, endCursor: null };
      query.andWhere('n.sequence < :before', { before });
    }
    const rows = await query
      .orderBy('n.sequence', 'DESC')
      .take(page.first + 1)
      .getMany();
    const nodes = rows.slice(0, page.first);
    const last = nodes.at(-1);
    return {
      nodes,
      totalCount,
      hasNextPage: rows.length > page.first,
      endCursor: last ? encodeCursor(last.sequence) : null,
    };
  }

  unreadCount(principal: Principal): Promise<number> {
    return this.unitOfWork.manager
      .createQueryBuilder(InboxNotificationEntity, 'n')
      .where('n.user_id = :userId AND n.read_at IS NULL', { userId: principal.userId })
      .getCount();
  }

  markRead(principal: Principal, id: string): Promise<InboxNotificationEntity> {
    return this.unitOfWork.run(async (tx) => {
      const found = await tx.manager.findOne(InboxNotificationEntity, { where: { id, userId: principal.userId } });
      if (!found) throw notFound('Notification');
      if (!found.readAt) {
        found.readAt = new Date();
        await tx.manager.update(InboxNotificationEntity, { id }, { readAt: found.readAt });
      }
      return found;
    });
  }

  /** Returns how many were unread. */
  markAllRead(principal: Principal): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const [, affected]: [unknown, number] = await tx.manager.query(
        'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL',
        [principal.userId],
      );
      return affected;
    });
  }
}
