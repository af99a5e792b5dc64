import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { SESSION_VERIFIER } from '@vg/core';
import { AuthenticationService } from './authentication.service';
import { IdentityResolver } from './identity.resolver';
import { InvitationService } from './invitation.service';
import { LoginThrottleService } from './login-throttle.service';
import { SessionVerifierService } from './session-verifier.service';
import { TokenService } from './token.service';
import { UserAccountsService } from './user-accounts.service';
import { UserStatusService } from './user-status.service';

@Module({
  imports: [JwtModule.register({})],
  providers: [
    AuthenticationService,
    TokenService,
    UserAccountsService,
    UserStatusService,
    InvitationService,
    LoginThrottleService,
    IdentityResolver,
    { provide: SESSION_VERIFIER, useClass: SessionVerifierService },
  ],
  exports: [UserAccountsService, InvitationService],
})
export class IdentityModule {}
