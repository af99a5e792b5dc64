import { OrderEventEntity } from './order-event.entity';
import { OrderParticipantEntity } from './order-participant.entity';
import { OrderStageEntity } from './order-stage.entity';
import { OrderEntity } from './order.entity';

export * from './orders.module';
export * from './orders.service';
export * from './order-status';
export * from './order-planner';
export * from './order-events';
export * from './open-orders.queries';
export * from './order-funnel.queries';
export * from './dto/order.inputs';
export * from './dto/order.models';
export { OrderEntity, OrderStageEntity, OrderEventEntity, OrderParticipantEntity };

export const ORDERS_ENTITIES = [OrderEntity, OrderStageEntity, OrderEventEntity, OrderParticipantEntity];
