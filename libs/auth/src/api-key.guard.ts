import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@app/config';
import type { Request, Response } from 'express';
import { API_KEY_PREFIX_LENGTH, ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import { AUTH_POLICY, AuthPolicy } from './auth.decorators';
import { IP_RATE_LIMIT } from './rate-limit/rate-limit.decorators';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { viewerMayRead } from './role';
import { ConsoleSession, ConsoleSessionService } from './session/console-session.service';
import { CSRF_HEADER, SESSION_COOKIE, readCookie, sameOrigin } from './session/session-cookie';

/** `principal` is set once the key is verified (also on a 403), for handlers and the access log. */
export type AuthenticatedRequest = Request & { principal?: ApiKeyPrincipal; consoleSession?: ConsoleSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const CLOSED_BY_DEFAULT: AuthPolicy = { public: false, roles: ['admin'] };

/**
 * Global guard: every endpoint needs an admin key unless it declares @Public() or @RequireRole().
 * It also decides the rate limit: per key on endpoints open to the `ingest` role, per client IP for
 * failed authentications and for @Public() endpoints marked @IpRateLimit().
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly rateLimit: RateLimitGuard,
    private readonly sessions: ConsoleSessionService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const policy =
      this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, targets) ?? CLOSED_BY_DEFAULT;
    if (policy.public) {
      if (this.reflector.getAllAndOverride<boolean | undefined>(IP_RATE_LIMIT, targets)) {
        await this.rateLimit.limit(context, 'ip');
      }
      return true;
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = extractKey(request);
    // A header key wins; without one, the console's session cookie stands in for the key it was made from.
    const cookie = presented ? undefined : readCookie(request, SESSION_COOKIE);
    const session = cookie ? await this.sessions.resolve(cookie) : null;
    if (session) this.checkCsrf(request, session);
    const principal = session ? session.principal : presented ? await this.apiKeys.verify(presented) : null;
    if (!principal) {
      // Failed attempts spend the client IP's budget: guessing keys (or flooding the look-up) is slowed.
      await this.rateLimit.limit(context, 'ip');
      this.logger.debug(
        `Authentication failed for ${request.method} ${request.path}: ${presented ? `unknown, revoked or expired key ${describe(presented)}` : 'no key'}`,
      );
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="pulse"');
      throw new UnauthorizedException(
        presented
          ? 'The API key is unknown, revoked or expired'
          : missingScheme(request)
            ? 'The Authorization header needs the Bearer scheme: send Authorization: Bearer <key>'
            : 'An API key is required (Authorization: Bearer <key> or X-API-Key: <key>)',
      );
    }
    request.principal = principal;
    if (session) request.consoleSession = session;
    const allowed =
      policy.roles.includes(principal.role) ||
      (principal.role === 'viewer' &&
        policy.roles.includes('admin') &&
        viewerMayRead(request.method, request.path));
    if (!allowed) {
      throw new ForbiddenException(
        `This endpoint requires the role ${policy.roles.join(' or ')}; the key has the role ${principal.role}`,
      );
    }
    if (policy.roles.includes('ingest')) await this.rateLimit.limit(context, 'key');
    return true;
  }

  /** A cookie is sent by the browser whoever asks: writes must prove they come from our own page. */
  private checkCsrf(request: Request, session: ConsoleSession): void {
    if (SAFE_METHODS.has(request.method)) return;
    if (!sameOrigin(request, this.config.app.publicBaseUrl)) {
      throw new ForbiddenException('Cross-origin request refused: the Origin header is not this console');
    }
    const token = request.headers[CSRF_HEADER];
    if (!ConsoleSessionService.csrfMatches(session, typeof token === 'string' ? token : undefined)) {
      throw new ForbiddenException('CSRF token missing or wrong: reload the page and try again');
    }
  }
}

/** `Authorization: Bearer <key>` first, then `X-API-Key: <key>`. */
export function extractKey(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match) return match[1];
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** `Authorization: pk_…`: a key sent without its scheme, a common client mistake worth naming. */
function missingScheme(request: Request): boolean {
  return /^\s*pk_\S+\s*$/.test(request.headers.authorization ?? '');
}

/** Never the key itself: its public prefix when it looks like one of ours, otherwise nothing. */
function describe(presented: string): string {
  return /^pk_[\w-]{8}/.test(presented)
    ? `(prefix ${presented.slice(0, API_KEY_PREFIX_LENGTH)})`
    : '(not a Pulse key)';
}
