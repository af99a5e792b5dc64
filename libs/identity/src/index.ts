import { BuyerOrganisationEntity } from './buyer-organisation.entity';
import { InvitationEntity } from './invitation.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export * from './identity.module';
export * from './user-accounts.service';
export * from './invitation.service';
export * from './user-lookups';
export * from './dto/user.model';
export { PASSWORD_MIN_LENGTH } from './dto/auth.inputs';
export { hashPassword } from './password-hasher';
export { UserEntity, BuyerOrganisationEntity };

export const IDENTITY_ENTITIES = [
  UserEntity,
  BuyerOrganisationEntity,
  RefreshTokenEntity,
  LoginAttemptEntity,
  InvitationEntity,
];
