import { Injectable } from '@nestjs/common';
import {
  badInput,
  conflict,
  daysBetween,
  notFound,
  PageArgs,
  paginate,
  Principal,
  Role,
  Tx,
  UnitOfWork,
} from '@vg/core';
import Decimal from 'decimal.js';
import { createHash } from 'node:crypto';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { OrderFilterInput, PostOrderInput } from './dto/order.inputs';
import { OrderEventEntity } from './order-event.entity';
import { OrderParticipantEntity } from './order-participant.entity';
import { OrderStageEntity } from './order-stage.entity';
import { assertTransition, OrderStatus } from './order-status';
import { OrderEntity } from './order.entity';

export const MAX_ORDER_SPAN_DAYS = 366;

export type OrderCreation = { order: OrderEntity; stages: OrderStageEntity[]; replayed: boolean };

@Injectable()
export class OrdersService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * Stores a new order, or returns the one already stored under this idempotency key when the payload is the
   * same. The caller's transaction holds an advisory lock on the key, so concurrent replays wait for the first.
   */
  async create(tx: Tx, principal: Principal, input: PostOrderInput): Promise<OrderCreation> {
    assertOrderSpan(input);
    const buyerOrgId = principal.buyerOrgId as string;
    const requestHash = hashRequest(input);
    await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${buyerOrgId}:${input.idempotencyKey}`]);
    const existing = await tx.manager.findOne(OrderEntity, {
      where: { buyerOrgId, idempotencyKey: input.idempotencyKey },
    });
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw conflict('This idempotency key was used with a different order', 'idempotencyKey');
      }
      return { order: existing, stages: await this.stagesOf(tx, existing.id), replayed: true };
    }
    await this.assertCatalogueProcesses(tx, input);
    await this.assertPreferencesExist(tx, input);
    const order = await tx.manager.save(
      tx.manager.create(OrderEntity, {
        buyerOrgId,
        createdBy: principal.userId,
        product: input.product.trim(),
        quantity: input.quantity,
        earliestStart: input.earliestStart,
        dueDate: input.dueDate,
        preferredParkId: input.preferredParkId ?? null,
        preferredGroupId: input.preferredGroupId ?? null,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        status: OrderStatus.OPEN,
      }),
    );
    const stages = await tx.manager.save(
      input.route.map((stage, index) =>
        tx.manager.create(OrderStageEntity, {
          orderId: order.id,
          seq: index + 1,
          processCode: stage.processCode,
          leadDays: stage.leadDays,
          maxUnitPrice: stage.maxUnitPrice,
        }),
      ),
    );
    await this.recordEvent(tx, order.id, 'ORDER_POSTED', { quantity: order.quantity, dueDate: order.dueDate });
    return { order, stages, replayed: false };
  }

  /** Every stage names a process of the catalogue: an unknown code could never be quoted, only stored. */
  private async assertCatalogueProcesses(tx: Tx, input: PostOrderInput): Promise<void> {
    const codes = input.route.map((stage) => stage.processCode);
    const known: { code: string }[] = await tx.manager.query(`SELECT code FROM processes WHERE code = ANY($1)`, [
      codes,
    ]);
    const index = codes.findIndex((code) => !known.some((row) => row.code === code));
    if (index >= 0) {
      throw badInput(`route.${index}.processCode`, `${codes[index]} is not a process of the catalogue`);
    }
  }

  /**
   * A preferred park must exist, and a preferred group must be an active group of that park (or of any park when
   * none is preferred): matching would otherwise plan for members of a group the buyer cannot name.
   */
  private async assertPreferencesExist(tx: Tx, input: PostOrderInput): Promise<void> {
    if (input.preferredParkId) {
      const park = await tx.manager.query('SELECT 1 FROM parks WHERE id = $1', [input.preferredParkId]);
      if (!park.length) throw badInput('preferredParkId', 'No such park');
    }
    if (input.preferredGroupId) {
      const group = await tx.manager.query(
        `SELECT 1 FROM virtual_groups WHERE id = $1 AND status = 'ACTIVE' AND ($2::uuid IS NULL OR park_id = $2::uuid)`,
        [input.preferredGroupId, input.preferredParkId ?? null],
      );
      if (!group.length)
        throw badInput('preferredGroupId', 'No active virtual group with this id (in the preferred park)');
    }
  }

  /** Moves an order through its state machine (illegal moves are typed errors) and records the change. */
  async transition(tx: Tx, order: OrderEntity, to: OrderStatus, detail: Record<string, unknown> = {}): Promise<void> {
    if (order.status === to) return;
    assertTransition(order.status, to);
    const from = order.status;
    order.status = to;
    if (to === OrderStatus.CONFIRMED) order.confirmedAt = new Date();
    if (to === OrderStatus.DELIVERED) order.deliveredAt = new Date();
    await tx.manager.update(
      OrderEntity,
      { id: order.id },
      { status: to, confirmedAt: order.confirmedAt, deliveredAt: order.deliveredAt },
    );
    await this.recordEvent(tx, order.id, `STATUS_${to}`, { from, to, ...detail });
  }

  async recordEvent(tx: Tx, orderId: string, type: string, detail: Record<string, unknown>): Promise<void> {
    await tx.manager.save(tx.manager.create(OrderEventEntity, { orderId, type, detail }));
  }

  async recordParticipants(tx: Tx, orderId: string, firms: { firmId: string; parkId: string }[]): Promise<void> {
    if (!firms.length) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(OrderParticipantEntity)
      .values(firms.map((firm) => ({ orderId, ...firm })))
      .orIgnore()
      .execute();
  }

  async lockForUpdate(tx: Tx, principal: Principal, id: string): Promise<OrderEntity> {
    const query = tx.manager
      .createQueryBuilder(OrderEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id });
    const order = await restrictToVisibleOrders(query, principal).getOne();
    if (!order) throw notFound('Order');
    return order;
  }

  /** For internal work that already checked access (e.g. through a proposal the caller may touch). */
  async lockById(tx: Tx, id: string): Promise<OrderEntity> {
    const order = await tx.manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw notFound('Order');
    return order;
  }

  async get(principal: Principal, id: string): Promise<OrderEntity> {
    const query = this.unitOfWork.manager.createQueryBuilder(OrderEntity, 'o').where('o.id = :id', { id });
    const order = await restrictToVisibleOrders(query, principal).getOne();
    if (!order) throw notFound('Order');
    return order;
  }

  list(principal: Principal, filter: OrderFilterInput, page: PageArgs) {
    const query = restrictToVisibleOrders(this.unitOfWork.manager.createQueryBuilder(OrderEntity, 'o'), principal);
    if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
    return paginate(query, page);
  }

  stagesOf(tx: Tx | null, orderId: string): Promise<OrderStageEntity[]> {
    const manager = tx?.manager ?? this.unitOfWork.manager;
    return manager.find(OrderStageEntity, { where: { orderId }, order: { seq: 'ASC' } });
  }

  /** An order's stages for a caller who may see the order; none otherwise (field resolvers pass their caller). */
  stagesVisibleTo(principal: Principal, orderId: string): Promise<OrderStageEntity[]> {
    const visible = this.visibleOrder(principal, orderId);
    return this.unitOfWork.manager
      .createQueryBuilder(OrderStageEntity, 's')
      .where(`s.order_id IN (${visible.getQuery()})`, visible.getParameters())
      .orderBy('s.seq', 'ASC')
      .getMany();
  }

  /** An order's changes for a caller who may see the order, oldest first, at most 500; none otherwise. */
  history(principal: Principal, orderId: string): Promise<OrderEventEntity[]> {
    const visible = this.visibleOrder(principal, orderId);
    return this.unitOfWork.manager
      .createQueryBuilder(OrderEventEntity, 'e')
      .where(`e.order_id IN (${visible.getQuery()})`, visible.getParameters())
      .orderBy('e.id', 'ASC')
      .take(500)
      .getMany();
  }

  private visibleOrder(principal: Principal, orderId: string) {
    const query = this.unitOfWork.manager
      .createQueryBuilder(OrderEntity, 'o')
      .select('o.id')
      .where('o.id = :visibleOrderId', { visibleOrderId: orderId });
    return restrictToVisibleOrders(query, principal);
  }
}

/** From the earliest start to the due date: not backwards, and at most MAX_ORDER_SPAN_DAYS (posting and previews). */
export function assertOrderSpan(input: Pick<PostOrderInput, 'earliestStart' | 'dueDate'>): void {
  const span = daysBetween(input.earliestStart, input.dueDate);
  if (span < 0) throw badInput('dueDate', 'dueDate must not be before earliestStart');
  if (span > MAX_ORDER_SPAN_DAYS) throw badInput('dueDate', `An order spans at most ${MAX_ORDER_SPAN_DAYS} days`);
}

/**
 * Buyers see their organisation's orders; park admins the orders that reached a firm of their park; owners the
 * orders that reached their firm; platform admins all.
 */
export function restrictToVisibleOrders<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, principal: Principal) {
  const alias = query.alias;
  switch (principal.role) {
    case Role.PLATFORM_ADMIN:
      return query;
    case Role.BUYER:
      return query.andWhere(`${alias}.buyer_org_id = :scopeBuyer`, { scopeBuyer: principal.buyerOrgId });
    case Role.PARK_ADMIN:
      return query.andWhere(
        `EXISTS (SELECT 1 FROM order_participants op WHERE op.order_id = ${alias}.id AND op.park_id = :scopePark)`,
        { scopePark: principal.parkId },
      );
    case Role.SME_OWNER:
      return query.andWhere(
        `EXISTS (SELECT 1 FROM order_participants op WHERE op.order_id = ${alias}.id AND op.firm_id = :scopeFirm)`,
        { scopeFirm: principal.firmId },
      );
  }
}

/** Canonical JSON of what the order asks for (key order fixed), hashed. */
function hashRequest(input: PostOrderInput): string {
  const canonical = JSON.stringify([
    input.product.trim(),
    input.quantity,
    input.route.map((stage) => [stage.processCode, stage.leadDays, new Decimal(stage.maxUnitPrice).toFixed(2)]),
    input.earliestStart,
    input.dueDate,
    input.preferredParkId ?? null,
    input.preferredGroupId ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
