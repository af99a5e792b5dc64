import { Injectable } from '@nestjs/common';
import {
  badInput,
  conflict,
  daysBetween,
  manageAudience,
  notFound,
  PageArgs,
  paginate,
  Principal,
  Resource,
  Tx,
  UnitOfWork,
} from '@vg/core';
import { catalogueProcessCodes } from '@vg/firms';
import { isActiveGroup } from '@vg/groups';
import { parkExists, parkTransportSettings } from '@vg/parks';
import Decimal from 'decimal.js';
import { createHash } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { OrderFilterInput, PostOrderInput } from './dto/order.inputs';
import { restrictToOrderAudience, restrictToVisibleOrders } from './order-access';
import { OrderEventEntity } from './order-event.entity';
import { OrderParticipantEntity } from './order-participant.entity';
import { OrderStageEntity } from './order-stage.entity';
import { assertTransition, OrderStatus } from './order-status';
import { OrderEntity } from './order.entity';

export const MAX_ORDER_SPAN_DAYS = 366;

export type OrderCreation = { order: OrderEntity; stages: OrderStageEntity[]; replayed: boolean };

/**
 * An order's record: storing it, moving it through its state machine (every move recorded in its history), its
 * participants, and reading it. The use cases (post, cancel, close) are `OrderLifecycleService`'s; matching tells
 * it what happened to an order's work (`planMade`, `fullyBooked`, …) and it decides how the order moves.
 */
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
    await assertCatalogueProcesses(tx, input);
    await assertPreferencesExist(tx, input);
    const constraints = await buyerConstraints(tx, input);
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
        ...constraints,
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
          requiredCertifications: stage.requiredCertifications ?? [],
        }),
      ),
    );
    await this.recordEvent(tx, order.id, 'ORDER_POSTED', { quantity: order.quantity, dueDate: order.dueDate });
    return { order, stages, replayed: false };
  }

  /** Keeps the quote answered at posting with the order, for replays of its idempotency key. */
  async keepInitialQuote(tx: Tx, order: OrderEntity, quote: object): Promise<void> {
    order.initialQuote = quote;
    await tx.manager.update(OrderEntity, { id: order.id }, { initialQuote: quote as never });
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

  /*
   * What matching reports about an order's work; orders decides how the order moves (and records the move with
   * `detail` in its history), so the state machine's rules stay here.
   */

  /** A complete plan was proposed to firms: the order is PLANNED. */
  planMade(tx: Tx, order: OrderEntity, detail: Record<string, unknown>): Promise<void> {
    return this.transition(tx, order, OrderStatus.PLANNED, detail);
  }

  /** The order has no complete plan any more (a lost proposal could not be replaced): it is OPEN again. */
  planLost(tx: Tx, order: OrderEntity, detail: Record<string, unknown>): Promise<void> {
    return this.transition(tx, order, OrderStatus.OPEN, detail);
  }

  /** Every stage is booked in full: a PLANNED order is CONFIRMED. True when it moved. */
  async fullyBooked(tx: Tx, order: OrderEntity): Promise<boolean> {
    if (order.status !== OrderStatus.PLANNED) return false;
    await this.transition(tx, order, OrderStatus.CONFIRMED);
    return true;
  }

  /** A firm reported progress or delivered: a CONFIRMED order is IN_PRODUCTION (later states stay as they are). */
  async workStarted(tx: Tx, order: OrderEntity): Promise<void> {
    if (order.status === OrderStatus.CONFIRMED) await this.transition(tx, order, OrderStatus.IN_PRODUCTION);
  }

  /** The last stage is delivered in full: the order is DELIVERED. */
  lastStageDelivered(tx: Tx, order: OrderEntity): Promise<void> {
    return this.transition(tx, order, OrderStatus.DELIVERED);
  }

  /** Whether a re-plan may still replace the order's plan: nothing about it is settled yet. */
  mayBeReplanned(order: OrderEntity): boolean {
    return order.status === OrderStatus.OPEN || order.status === OrderStatus.PLANNED;
  }

  /** Notes something that happened to the order (not a move) in its history. */
  async recordEvent(tx: Tx, orderId: string, type: string, detail: Record<string, unknown>): Promise<void> {
    await tx.manager.save(tx.manager.create(OrderEventEntity, { orderId, type, detail }));
  }

  /** The firms (and their parks) an order's proposals reached: what lets them see the order. */
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

  /** Locks an order the caller may change (cancel, close); any other answers as missing. */
  async lockManaged(tx: Tx, principal: Principal, id: string): Promise<OrderEntity> {
    const query = tx.manager
      .createQueryBuilder(OrderEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id });
    const order = await restrictToOrderAudience(query, manageAudience(principal, Resource.ORDER)).getOne();
    if (!order) throw notFound('Order');
    return order;
  }

  /** For internal work that already checked access (e.g. through a proposal the caller may touch). */
  async lockById(tx: Tx, id: string): Promise<OrderEntity> {
    const order = await tx.manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw notFound('Order');
    return order;
  }

  /** Locks many orders at once, in id order (so concurrent lockers cannot deadlock); missing ids are skipped. */
  lockMany(tx: Tx, ids: readonly string[]): Promise<OrderEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return tx.manager
      .createQueryBuilder(OrderEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id IN (:...ids)', { ids })
      .orderBy('o.id')
      .getMany();
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

  /** The stages of many orders in one query, by order then sequence. */
  stagesOfOrders(tx: Tx | null, orderIds: readonly string[]): Promise<OrderStageEntity[]> {
    if (!orderIds.length) return Promise.resolve([]);
    const manager = tx?.manager ?? this.unitOfWork.manager;
    return manager.find(OrderStageEntity, {
      where: { orderId: In([...orderIds]) },
      order: { orderId: 'ASC', seq: 'ASC' },
    });
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

/** Every stage names a process of the catalogue: an unknown code could never be quoted, only stored. */
async function assertCatalogueProcesses(tx: Tx, input: PostOrderInput): Promise<void> {
  const codes = input.route.map((stage) => stage.processCode);
  const known = await catalogueProcessCodes(tx.manager, codes);
  const index = codes.findIndex((code) => !known.has(code));
  if (index >= 0) {
    throw badInput(`route.${index}.processCode`, `${codes[index]} is not a process of the catalogue`);
  }
}

/**
 * A preferred park must exist, and a preferred group must be an active group of that park (or of any park when
 * none is preferred): matching would otherwise plan for members of a group the buyer cannot name.
 */
async function assertPreferencesExist(tx: Tx, input: PostOrderInput): Promise<void> {
  if (input.preferredParkId && !(await parkExists(tx.manager, input.preferredParkId))) {
    throw badInput('preferredParkId', 'No such park');
  }
  if (
    input.preferredGroupId &&
    !(await isActiveGroup(tx.manager, input.preferredGroupId, input.preferredParkId ?? null))
  ) {
    throw badInput('preferredGroupId', 'No active virtual group with this id (in the preferred park)');
  }
}

type BuyerConstraints = Pick<
  OrderEntity,
  'deliveryLatitude' | 'deliveryLongitude' | 'maxDistanceKm' | 'minRating' | 'excludedFirmIds' | 'preferredFirmIds'
>;

/**
 * The buyer's constraints as stored, exactly (decimals at their column scale): a radius needs a delivery location;
 * without one stated, an order with a delivery location preferring a park gets the park's default radius; a firm
 * is not both excluded and preferred.
 */
async function buyerConstraints(tx: Tx, input: PostOrderInput): Promise<BuyerConstraints> {
  const location = input.deliveryLocation ?? null;
  if (input.maxDistanceKm != null && !location) {
    throw badInput('deliveryLocation', 'A maximum distance is measured from a delivery location: give one');
  }
  const excluded = input.excludedFirmIds ?? [];
  const preferred = input.preferredFirmIds ?? [];
  const both = preferred.findIndex((firmId) => excluded.includes(firmId));
  if (both >= 0) throw badInput(`preferredFirmIds.${both}`, 'A firm cannot be both excluded and preferred');
  const maxDistanceKm = await statedOrDefaultRadius(tx.manager, input);
  return {
    deliveryLatitude: location ? new Decimal(location.latitude).toFixed(6) : null,
    deliveryLongitude: location ? new Decimal(location.longitude).toFixed(6) : null,
    maxDistanceKm: maxDistanceKm === null ? null : new Decimal(maxDistanceKm).toFixed(2),
    minRating: input.minRating == null ? null : new Decimal(input.minRating).toFixed(2),
    excludedFirmIds: excluded.map((firmId) => firmId.toLowerCase()),
    preferredFirmIds: preferred.map((firmId) => firmId.toLowerCase()),
  };
}

/**
 * The radius an order gets: the buyer's, else (with a delivery location and a preferred park) the park's default,
 * else none. Posting and previews both ask here.
 */
export async function statedOrDefaultRadius(
  manager: EntityManager,
  input: Pick<PostOrderInput, 'deliveryLocation' | 'maxDistanceKm' | 'preferredParkId'>,
): Promise<string | null> {
  if (input.maxDistanceKm != null) return input.maxDistanceKm;
  if (!input.deliveryLocation || !input.preferredParkId) return null;
  const park = (await parkTransportSettings(manager, [input.preferredParkId])).get(input.preferredParkId);
  return park?.defaultMaxDistanceKm ?? null;
}

/** Canonical JSON of what the order asks for (key order fixed), hashed. */
function hashRequest(input: PostOrderInput): string {
  const constraints = [
    input.deliveryLocation
      ? [
          new Decimal(input.deliveryLocation.latitude).toFixed(6),
          new Decimal(input.deliveryLocation.longitude).toFixed(6),
        ]
      : null,
    input.maxDistanceKm == null ? null : new Decimal(input.maxDistanceKm).toFixed(2),
    input.minRating == null ? null : new Decimal(input.minRating).toFixed(2),
    input.excludedFirmIds ?? [],
    input.preferredFirmIds ?? [],
  ];
  const constrained = JSON.stringify(constraints) !== JSON.stringify([null, null, null, [], []]);
  // An order without constraints hashes as it did before they existed, so a key used then still replays.
  const canonical = JSON.stringify([
    input.product.trim(),
    input.quantity,
    input.route.map((stage) => [
      stage.processCode,
      stage.leadDays,
      new Decimal(stage.maxUnitPrice).toFixed(2),
      ...(stage.requiredCertifications?.length ? [stage.requiredCertifications] : []),
    ]),
    input.earliestStart,
    input.dueDate,
    input.preferredParkId ?? null,
    input.preferredGroupId ?? null,
    ...(constrained ? [constraints] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
