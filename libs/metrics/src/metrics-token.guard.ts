import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * With METRICS_TOKEN set, `/metrics` requires `Authorization: Bearer <token>`; the comparison is
 * constant-time (both sides hashed to the same length first). Without it, the header is ignored.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    this.expected = config.metrics.token ? digest(config.metrics.token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const http = context.switchToHttp();
    const presented = /^Bearer\s+(\S+)$/i.exec(http.getRequest<Request>().headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), this.expected)) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException(
      'A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)',
    );
  }
}
