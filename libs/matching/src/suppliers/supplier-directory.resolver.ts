import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import { SupplierRatingService } from './supplier-rating.service';
import { SupplierDirectoryService } from './supplier-directory.service';
import {
  SupplierProfileConnection,
  SupplierProfileModel,
  SupplierRatingModel,
  SupplierSearchInput,
} from './supplier.dto';

@Resolver(() => SupplierProfileModel)
export class SupplierDirectoryResolver {
  constructor(
    private readonly directory: SupplierDirectoryService,
    private readonly ratings: SupplierRatingService,
  ) {}

  @Roles(Role.BUYER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN, Role.SME_OWNER)
  @Query(() => SupplierProfileConnection, {
    description:
      'Public supplier profiles (every signed-in user may read them): nearest first when a point is given, else by id.',
  })
  async supplierProfiles(@Args() page: PageArgs, @Args('search', { nullable: true }) search?: SupplierSearchInput) {
    return toConnection(
      await this.directory.search(search ?? {}, page),
      (node) => node.profile,
      (node) => node.key,
    );
  }

  @Roles(Role.SME_OWNER, Role.PARK_ADMIN, Role.PLATFORM_ADMIN)
  @Query(() => SupplierRatingModel, {
    description: 'A firm’s supplier rating with its facts and formula: owners their own firm, admins their park’s.',
  })
  async supplierRating(@CurrentUser() principal: Principal, @IdArg('firmId') firmId: string) {
    return SupplierRatingModel.from(await this.ratings.ofFirm(principal, firmId));
  }
}
