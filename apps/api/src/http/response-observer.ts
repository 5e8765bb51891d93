import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '@app/auth';
import type { AccessLogger, RequestWithContext } from '@app/logging';
import { HttpMetrics, HttpObservation, PendingObservations, UNMATCHED_ROUTE } from '@app/metrics';
import { plainHttpErrorType } from '@app/validation';

const MAX_USER_AGENT = 256;
/** How long a finished response may wait to be recorded; scrapes and shutdown do not wait. */
const BATCH_INTERVAL_MS = 10;

/** What the finish hook keeps of a response: its metric labels and its access-log fields. */
interface FinishedResponse extends HttpObservation {
  requestId?: string;
  ip?: string;
  userAgent?: string;
  userId?: string;
  apiKeyId?: string;
}

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
 *
 * The listener only notes the response; metrics and log lines are made in batches, every 10 ms. Done
 * one by one in the middle of request handling they cost half as much again (measured side by side:
 * ~16 µs against ~11 µs per request; docs/PERFORMANCE.md). Metrics never look late: HttpMetrics flushes
 * the batch before every scrape, and at shutdown the observer flushes and goes back to recording at once.
 */
export class ResponseObserver implements PendingObservations {
  private readonly logger = new Logger('HttpMetrics');
  private batch: FinishedResponse[] = [];
  private timer?: NodeJS.Timeout;
  private batching = true;

  constructor(
    private readonly metrics: HttpMetrics,
    private readonly accessLog: AccessLogger,
  ) {
    metrics.addPending(this);
    // process.exit() skips shutdown hooks; the log transports write what they hold on 'exit', so the
    // batch must reach them first.
    process.prependListener('exit', this.flushOnExit);
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.on('finish', () => {
      try {
        this.finished(req, res, (performance.now() - started) / 1e3);
      } catch (error) {
        // A 'finish' listener that throws would take the process down; observability never may.
        this.logger.warn({ message: 'Could not record a response', error });
      }
    });
    next();
  };

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    for (const response of batch) this.record(response);
  }

  close(): void {
    this.batching = false;
    this.flush();
    process.off('exit', this.flushOnExit);
  }

  private readonly flushOnExit = () => this.flush();

  private finished(req: Request, res: Response, seconds: number): void {
    const path = (req.route as { path?: unknown } | undefined)?.path;
    const statusCode = res.statusCode;
    const context = (req as RequestWithContext).context;
    const response: FinishedResponse = {
      method: req.method,
      route: typeof path === 'string' ? path : UNMATCHED_ROUTE,
      statusCode,
      seconds,
      errorType:
        (res.locals.errorType as string | undefined) ??
        (statusCode >= 400 ? plainHttpErrorType(statusCode) : undefined),
      requestId: context?.requestId,
      // Express's req.ip parses X-Forwarded-For on every call; without one it is the socket's address.
      ip: req.headers['x-forwarded-for'] === undefined ? req.socket.remoteAddress : req.ip,
      userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT),
      userId: context?.userId,
      apiKeyId: (req as AuthenticatedRequest).principal?.id,
    };
    if (!this.batching) return this.record(response);
    this.batch.push(response);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private record(response: FinishedResponse): void {
    try {
      this.metrics.record(response);
      this.accessLog.log({
        requestId: response.requestId,
        method: response.method,
        route: response.route,
        status: response.statusCode,
        durationMs: Math.round(response.seconds * 1e6) / 1e3,
        ip: response.ip,
        userAgent: response.userAgent,
        userId: response.userId,
        apiKeyId: response.apiKeyId,
      });
    } catch (error) {
      this.logger.warn({ message: 'Could not record a response', error });
    }
  }
}
