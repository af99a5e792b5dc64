import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser, IdArg, Principal, Role, Roles } from '@vg/core';
import { CertificationInput } from './certification.inputs';
import { FirmCertificationModel } from './certification.models';
import { FirmCertificationsService } from './firm-certifications.service';

@Resolver(() => FirmCertificationModel)
export class FirmCertificationsResolver {
  constructor(private readonly certifications: FirmCertificationsService) {}

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => FirmCertificationModel, { description: 'The firm’s owner or its park records a certification.' })
  async addFirmCertification(
    @CurrentUser() principal: Principal,
    @IdArg('firmId') firmId: string,
    @Args('input') input: CertificationInput,
  ): Promise<FirmCertificationModel> {
    return FirmCertificationModel.from(await this.certifications.add(principal, firmId, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => FirmCertificationModel, { description: 'Replaces every field of a certification.' })
  async updateFirmCertification(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args('input') input: CertificationInput,
  ): Promise<FirmCertificationModel> {
    return FirmCertificationModel.from(await this.certifications.update(principal, id, input));
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER)
  @Mutation(() => String, { description: 'Returns the id of the removed certification.' })
  removeFirmCertification(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<string> {
    return this.certifications.remove(principal, id);
  }
}
