import { Args, Resolver, Subscription } from '@nestjs/graphql';
import {
  CurrentUser,
  DomainEvent,
  EventBus,
  mayRead,
  mayReceive,
  notFound,
  Principal,
  Resource,
  Role,
  Roles,
} from '@vg/core';
import { CockpitParkArgs } from './dto/cockpit.args';
import { ParkEventModel } from './dto/park-event.model';

interface SubscriptionContext {
  req: { user: Principal };
}

/**
 * The cockpit's live feed: every committed event of one park (orders, proposals, groups, rounds). Events travel
 * through the event bus, so with REDIS_URL set a subscriber on one replica hears what another replica committed.
 */
@Resolver(() => ParkEventModel)
export class ParkEventsResolver {
  constructor(private readonly events: EventBus) {}

  @Roles(Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Subscription(() => ParkEventModel, {
    description: 'A park’s events after they are committed; a park admin hears only their own park.',
    filter: (event: DomainEvent, args: CockpitParkArgs, context: SubscriptionContext) =>
      mayReceive(context.req.user, event) && (!args.parkId || event.parkIds.includes(args.parkId)),
    resolve: (event: DomainEvent) => ParkEventModel.from(event),
  })
  parkEvents(@CurrentUser() principal: Principal, @Args() args: CockpitParkArgs) {
    if (args.parkId && !mayRead(principal, Resource.PARK, { parkIds: [args.parkId] })) throw notFound('Park');
    return this.events.asyncIterator();
  }
}
