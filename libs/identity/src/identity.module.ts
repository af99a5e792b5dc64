import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthenticationService } from './authentication.service';
import { IdentityResolver } from './identity.resolver';
import { InvitationService } from './invitation.service';
import { TokenService } from './token.service';
import { UserAccountsService } from './user-accounts.service';

@Module({
  imports: [JwtModule.register({})],
  providers: [AuthenticationService, TokenService, UserAccountsService, InvitationService, IdentityResolver],
  exports: [UserAccountsService, InvitationService],
})
export class IdentityModule {}
