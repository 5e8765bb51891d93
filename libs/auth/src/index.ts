export { AuthModule } from './auth.module';
export { ApiKeyService, hashApiKey } from './api-key.service';
export type { ApiKeyPrincipal, ApiKeyStatus, ApiKeySummary, CreatedApiKey } from './api-key.service';
export { AUTH_POLICY, CurrentPrincipal, Public, RequireRole } from './auth.decorators';
export type { AuthPolicy } from './auth.decorators';
export type { AuthenticatedRequest } from './api-key.guard';
export { IP_RATE_LIMIT, IpRateLimit, SkipRateLimit } from './rate-limit/rate-limit.decorators';
export { NpsLinkSigner } from './nps-link/nps-link.signer';
export type { NpsLinkPayload } from './nps-link/nps-link.signer';
export { InvalidNpsLinkTokenError, NpsLinkNotConfiguredError } from './nps-link/nps-link.errors';
export type { NpsLinkTokenProblem } from './nps-link/nps-link.errors';
export { ROLES } from './role';
export type { Role } from './role';
export { viewerMayRead } from './role';
export { ConsoleSessionService } from './session/console-session.service';
export type { ConsoleSession, StartedSession } from './session/console-session.service';
export {
  CSRF_HEADER,
  SESSION_COOKIE,
  clearedSessionCookie,
  readCookie,
  sameOrigin,
  sessionCookie,
} from './session/session-cookie';
