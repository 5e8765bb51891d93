import { Inject, Injectable } from '@nestjs/common';
import { WINSTON_MODULE_PROVIDER } from 'nest-winston';
import type { Logger as Winston } from 'winston';
import { MESSAGE } from './log-format';
import { deliverRendered } from './logger.factory';
import { redactString } from './redact';

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
 *
 * The line is the one the logger's format would render (same fields, same order, same redaction; a
 * unit test holds the two equal), built here directly because it is written once per request: the
 * generic chain of formats cost ~7 µs of a ~100 µs request. The fields are known, so only those a
 * caller controls (request id, ip, user agent, user id) need the secret check; the others are route
 * templates, numbers and ids. It then goes to the same transports as every other line.
 */
@Injectable()
export class AccessLogger {
  private readonly enabled: boolean;
  private readonly service: unknown;
  private readonly environment: unknown;

  constructor(@Inject(WINSTON_MODULE_PROVIDER) private readonly logger: Winston) {
    this.enabled = logger.levels.info <= logger.levels[logger.level];
    ({ service: this.service, environment: this.environment } = (logger.defaultMeta ?? {}) as Record<
      string,
      unknown
    >);
  }

  log(entry: AccessLogEntry): void {
    if (!this.enabled) return;
    const info = {
      timestamp: isoNow(),
      level: 'info',
      message: `${entry.method} ${entry.route} ${entry.status} ${entry.durationMs}ms`,
      service: this.service,
      environment: this.environment,
      requestId: redactOptional(entry.requestId),
      context: 'AccessLog',
      method: entry.method,
      route: entry.route,
      status: entry.status,
      durationMs: entry.durationMs,
      ip: redactOptional(entry.ip),
      userAgent: redactOptional(entry.userAgent),
      userId: redactOptional(entry.userId),
      apiKeyId: entry.apiKeyId,
      [MESSAGE]: '',
    };
    info[MESSAGE] = JSON.stringify(info);
    deliverRendered(this.logger, info);
  }
}

const redactOptional = (value: string | undefined) => (value === undefined ? value : redactString(value));

let isoMs = -1;
let isoText = '';

/** `new Date().toISOString()`, rendered once per millisecond (a busy server logs several lines in one). */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}
