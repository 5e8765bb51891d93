import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { ApiKeyPrincipal } from './api-key.service';
import { Role } from './role';

export const AUTH_POLICY = 'pulse:auth-policy';
export type AuthPolicy = { public: true } | { public: false; roles: Role[] };

/** Open to anyone (health, metrics with its own token, signed NPS links). */
export const Public = () => SetMetadata(AUTH_POLICY, { public: true } satisfies AuthPolicy);

/**
 * Requires an API key with one of these roles. Endpoints without a policy require `admin`.
 * Endpoints open to `ingest` are rate-limited per key (RATE_LIMIT_PER_MINUTE).
 */
export const RequireRole = (...roles: Role[]) =>
  SetMetadata(AUTH_POLICY, { public: false, roles } satisfies AuthPolicy);

/** The verified API key of the request (undefined on @Public() endpoints). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyPrincipal | undefined =>
    context.switchToHttp().getRequest<{ principal?: ApiKeyPrincipal }>().principal,
);
