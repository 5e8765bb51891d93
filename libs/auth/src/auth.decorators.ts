import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const AUTH_POLICY = 'pulse:auth-policy';
export type AuthPolicy = { public: true } | { public: false; roles: Role[] };

/** Open to anyone (health, metrics with its own token, signed NPS links). */
export const Public = () => SetMetadata(AUTH_POLICY, { public: true } satisfies AuthPolicy);

/** Requires an API key with one of these roles. Endpoints without a policy require `admin`. */
export const RequireRole = (...roles: Role[]) =>
  SetMetadata(AUTH_POLICY, { public: false, roles } satisfies AuthPolicy);
