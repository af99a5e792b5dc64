import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClientIp, CurrentUser, IdArg, Principal, Public, Role, Roles, toModel } from '@vg/core';
import { AcceptInvitationInput, LoginInput, RefreshTokenInput, RegisterBuyerInput } from './dto/auth.inputs';
import { AuthPayloadModel, UserModel } from './dto/user.model';
import { AuthenticationService, SignedIn } from './authentication.service';
import { UserStatusService } from './user-status.service';

const ALL_ROLES = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER];

const toPayload = (signedIn: SignedIn): AuthPayloadModel =>
  toModel(AuthPayloadModel, {
    accessToken: signedIn.accessToken,
    expiresIn: signedIn.expiresIn,
    refreshToken: signedIn.refreshToken,
    user: UserModel.from(signedIn.user),
  });

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly userStatus: UserStatusService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Sign in; throttled per account and address, and per address (see the README for the rule).',
  })
  async login(@Args('input') input: LoginInput, @ClientIp() ip: string): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.login(input, ip));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description:
      'Trade a refresh token for a new pair (the old one is used up). Presenting a used token again signs the ' +
      'whole session out.',
  })
  async refreshToken(@Args('input') input: RefreshTokenInput): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.refresh(input.refreshToken));
  }

  @Roles(...ALL_ROLES)
  @Mutation(() => Boolean, { description: 'End this session: its access and refresh tokens stop working at once.' })
  signOut(@CurrentUser() principal: Principal): Promise<boolean> {
    return this.authentication.signOut(principal);
  }

  @Roles(...ALL_ROLES)
  @Mutation(() => Boolean, { description: 'End every session of the signed-in user, on every device.' })
  signOutEverywhere(@CurrentUser() principal: Principal): Promise<boolean> {
    return this.authentication.signOutEverywhere(principal);
  }

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN)
  @Mutation(() => UserModel, {
    description:
      'Disable or re-enable an account (platform admins: anyone else; park admins: their park’s SME owners). ' +
      'A disabled user is refused from their next request on.',
  })
  async setUserDisabled(
    @CurrentUser() principal: Principal,
    @IdArg('userId') userId: string,
    @Args('disabled') disabled: boolean,
  ): Promise<UserModel> {
    return UserModel.from(await this.userStatus.setDisabled(principal, userId, disabled));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Buyers register themselves with their organisation.' })
  async registerBuyer(@Args('input') input: RegisterBuyerInput): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.registerBuyer(input));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Become the user an invitation was made for.' })
  async acceptInvitation(@Args('input') input: AcceptInvitationInput): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.acceptInvitation(input));
  }

  @Roles(...ALL_ROLES)
  @Query(() => UserModel, { description: 'The signed-in user.' })
  async me(@CurrentUser() principal: Principal): Promise<UserModel> {
    return UserModel.from(await this.authentication.me(principal));
  }
}
