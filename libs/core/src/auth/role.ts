import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  PARK_ADMIN = 'PARK_ADMIN',
  SME_OWNER = 'SME_OWNER',
  BUYER = 'BUYER',
}

registerEnumType(Role, { name: 'Role', description: 'What a user is on the platform; each user has exactly one.' });

/** Who is calling, as carried in the access token. Exactly one of the tenant ids is set, matching the role. */
export interface Principal {
  userId: string;
  role: Role;
  parkId: string | null;
  firmId: string | null;
  buyerOrgId: string | null;
  /** The sign-in session the access token belongs to (absent for work the system does on its own). */
  sessionId?: string;
}
