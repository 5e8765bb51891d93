import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import { AUTH_POLICY, AuthPolicy } from './auth.decorators';

export type AuthenticatedRequest = Request & { principal?: ApiKeyPrincipal };

const CLOSED_BY_DEFAULT: AuthPolicy = { public: false, roles: ['admin'] };

/** Global guard: every endpoint needs an admin key unless it declares @Public() or @RequireRole(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy =
      this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? CLOSED_BY_DEFAULT;
    if (policy.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = extractKey(request);
    if (!presented)
      throw new UnauthorizedException('An API key is required (Authorization: Bearer <key> or X-API-Key)');
    const principal = await this.apiKeys.verify(presented);
    if (!principal) throw new UnauthorizedException('The API key is unknown, revoked or expired');
    if (!policy.roles.includes(principal.role)) {
      throw new ForbiddenException(`This endpoint requires the role ${policy.roles.join(' or ')}`);
    }
    request.principal = principal;
    return true;
  }
}

export function extractKey(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}
