import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '@app/auth';
import type { AccessLogger, RequestWithContext } from '@app/logging';
import { HttpMetrics, UNMATCHED_ROUTE } from '@app/metrics';
import { plainHttpErrorType } from './http-exception.filter';

const MAX_USER_AGENT = 256;

/**
 * The first middleware of the app: one `finish` listener per request records the HTTP metrics and
 * writes the access-log line, exactly once per response, whatever produced it (a handler, a guard, a
 * pipe, the body parser, the 404 handler, the exception filter). Interceptors see none of the
 * requests stopped before the handler, which is why this is not an interceptor. Timing uses the
 * monotonic clock from the first middleware to the last byte handed to the socket.
 *
 * Labels: `route` is the matched route template (`/api/v1/incidents/:id`) or UNMATCHED (no route
 * matched, or the request was stopped before routing: malformed or oversized body); `error_type` is
 * what the exception filter put in `res.locals.errorType`, or HttpError4xx/5xx for an error status set
 * without an exception.
 */
export function responseObserver(metrics: HttpMetrics, accessLog: AccessLogger) {
  const logger = new Logger('HttpMetrics');
  return function observeResponse(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      try {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const path = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof path === 'string' ? path : UNMATCHED_ROUTE;
        const statusCode = res.statusCode;
        const errorType =
          (res.locals.errorType as string | undefined) ??
          (statusCode >= 400 ? plainHttpErrorType(statusCode) : undefined);
        metrics.record({ method: req.method, route, statusCode, seconds, errorType });
        const context = (req as RequestWithContext).context;
        accessLog.log({
          requestId: context?.requestId,
          method: req.method,
          route,
          status: statusCode,
          durationMs: Math.round(seconds * 1e6) / 1e3,
          ip: req.ip,
          userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT),
          userId: context?.userId,
          apiKeyId: (req as AuthenticatedRequest).principal?.id,
        });
      } catch (error) {
        // A 'finish' listener that throws would take the process down; observability never may.
        logger.warn({ message: 'Could not record a response', error });
      }
    });
    next();
  };
}
