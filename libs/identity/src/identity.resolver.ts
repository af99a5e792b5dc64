import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClientIp, CurrentUser, Principal, Public, Role, Roles, toModel } from '@vg/core';
import { AcceptInvitationInput, LoginInput, RefreshTokenInput, RegisterBuyerInput } from './dto/auth.inputs';
import { AuthPayloadModel, UserModel } from './dto/user.model';
import { AuthenticationService, SignedIn } from './authentication.service';

const toPayload = (signedIn: SignedIn): AuthPayloadModel =>
  toModel(AuthPayloadModel, {
    accessToken: signedIn.accessToken,
    expiresIn: signedIn.expiresIn,
    refreshToken: signedIn.refreshToken,
    user: UserModel.from(signedIn.user),
  });

@Resolver()
export class IdentityResolver {
  constructor(private readonly authentication: AuthenticationService) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Sign in; rate-limited per account and per address.' })
  async login(@Args('input') input: LoginInput, @ClientIp() ip: string): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.login(input, ip));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Trade a refresh token for a new pair (the old one is revoked).' })
  async refreshToken(@Args('input') input: RefreshTokenInput): Promise<AuthPayloadModel> {
    return toPayload(await this.authentication.refresh(input.refreshToken));
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

  @Roles(Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER, Role.BUYER)
  @Query(() => UserModel, { description: 'The signed-in user.' })
  async me(@CurrentUser() principal: Principal): Promise<UserModel> {
    return UserModel.from(await this.authentication.me(principal));
  }
}
