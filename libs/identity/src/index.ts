import { BuyerOrganisationEntity } from './buyer-organisation.entity';
import { InvitationEntity } from './invitation.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { LoginAddressThrottleEntity, LoginThrottleEntity } from './login-throttle.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export * from './identity.module';
export * from './user-accounts.service';
export * from './invitation.service';
export * from './user-lookups';
export * from './dto/user.model';
export { PASSWORD_MIN_LENGTH } from './dto/auth.inputs';
export { LOGIN_THROTTLE } from './login-throttle.service';
export { SESSION_CHECK_SQL_TAG } from './session-verifier.service';
export { hashPassword } from './password-hasher';
export { UserEntity, BuyerOrganisationEntity };

export const IDENTITY_ENTITIES = [
  UserEntity,
  BuyerOrganisationEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  LoginAddressThrottleEntity,
  InvitationEntity,
];
export * from './identity-bulk-load';
