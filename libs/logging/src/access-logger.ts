import { Inject, Injectable } from '@nestjs/common';
import { WINSTON_MODULE_PROVIDER } from 'nest-winston';
import type { Logger as Winston } from 'winston';
import { logDirect } from './logger.factory';

export interface AccessLogEntry {
  requestId?: string;
  method: string;
  /** Route template or UNMATCHED, as in the metrics; never the raw URL (it may carry ids or tokens). */
  route: string;
  status: number;
  durationMs: number;
  ip?: string;
  userAgent?: string;
  /** The end user, when a module put it in the request context (RequestContext.setUserId). */
  userId?: string;
  /** The API key that authenticated the call. */
  apiKeyId?: string;
}

/**
 * One info line per response, written by the app's response hook: `GET /api/v1/health 200 1.234ms`.
 * Through the same format and transports as every other line, without winston's stream overhead.
 */
@Injectable()
export class AccessLogger {
  constructor(@Inject(WINSTON_MODULE_PROVIDER) private readonly logger: Winston) {}

  log(entry: AccessLogEntry): void {
    logDirect(this.logger, 'info', `${entry.method} ${entry.route} ${entry.status} ${entry.durationMs}ms`, {
      context: 'AccessLog',
      ...entry,
    });
  }
}
