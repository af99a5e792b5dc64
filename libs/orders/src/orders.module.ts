import { Module } from '@nestjs/common';
import { OrderLifecycleService } from './order-lifecycle.service';
import { OrdersResolver } from './orders.resolver';
import { OrdersService } from './orders.service';

/** Its `OrderLifecycleService` needs an `ORDER_PLANNER`, which matching provides (globally: the arrow is matching → orders). */
@Module({
  providers: [OrdersService, OrderLifecycleService, OrdersResolver],
  exports: [OrdersService],
})
export class OrdersModule {}
