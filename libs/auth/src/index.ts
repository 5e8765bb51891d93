export { AuthModule } from './auth.module';
export { ApiKeyService, hashApiKey } from './api-key.service';
export type { ApiKeyPrincipal, ApiKeySummary, CreatedApiKey } from './api-key.service';
export { Public, RequireRole } from './auth.decorators';
export type { AuthenticatedRequest } from './api-key.guard';
export { ROLES } from './role';
export type { Role } from './role';
