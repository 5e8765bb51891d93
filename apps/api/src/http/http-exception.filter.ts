import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DatabaseOutageMonitor, classifyDatabaseFailure } from '@app/database';
import { RequestContext } from '@app/logging';
import { type FieldError, errorTypeOf } from '@app/validation';

/** The error body of every endpoint; `errors` lists one entry per invalid field of a 400. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  requestId: string | undefined;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Body-parser and other Express-level errors carry an HTTP status but are not HttpExceptions. */
function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const candidate = exception as { status?: unknown; statusCode?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** Known client errors from the database driver: a bad value that slipped through validation stays a 4xx. */
function databaseClientError(exception: unknown): { status: number; message: string } | undefined {
  const code = (exception as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  // Safety net behind validation: class 22 is a data exception (22021: a character text cannot hold,
  // 22P02/22007/22008/22003: bad format or range), 23502 a missing required value. The client's input.
  if (code.length === 5 && code.startsWith('22')) {
    return { status: HttpStatus.BAD_REQUEST, message: 'A value has an invalid format or is out of range' };
  }
  if (code === '23502') return { status: HttpStatus.BAD_REQUEST, message: 'A required value is missing' };
  if (code === '23505')
    return { status: HttpStatus.CONFLICT, message: 'A record with the same key already exists' };
  return undefined;
}

/**
 * The one place that shapes error responses: `{statusCode, error, message, requestId}`. 5xx details are
 * logged with their stack, never sent to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  /** Without a monitor (unit tests) database outages are logged like any other 5xx. */
  constructor(private readonly outages?: DatabaseOutageMonitor) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const outage = classifyDatabaseFailure(exception);
    const body = outage
      ? shape(
          HttpStatus.SERVICE_UNAVAILABLE,
          databaseUnavailableMessage(request.method),
          RequestContext.requestId(),
        )
      : this.toBody(exception);
    const what = `${request.method} ${request.originalUrl.split('?')[0]}`;
    if (outage && this.outages) {
      // One line per cause per interval, and "down"/"up" once: not a stack per request.
      this.outages.report(outage, exception, what);
    } else if (body.statusCode >= 500 && !isDeliberate503(exception)) {
      // The error goes as a field (error.message, error.stack), never concatenated into the message.
      this.logger.error({
        message: `${what} failed with ${body.statusCode}`,
        error: exception,
      });
    }
    // The response hook labels http_request_errors_total with it (see errorTypeOf).
    response.locals.errorType = errorTypeOf(exception, body.statusCode);
    if (response.headersSent) return;
    if (outage) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    const requestId = RequestContext.requestId();
    const dbError = databaseClientError(exception);
    if (dbError) return shape(dbError.status, dbError.message, requestId);
    const status = statusOf(exception) ?? HttpStatus.INTERNAL_SERVER_ERROR;
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      if (typeof payload === 'string') return shape(status, payload, requestId);
      const { message, error: _error, statusCode: _code, ...extra } = payload as Record<string, unknown>;
      const text = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : exception.message;
      // Terminus puts the failing components in `error`/`details`: keep them, they name what is down.
      const details = (payload as { details?: unknown }).details;
      return { ...shape(status, text, requestId), ...extra, ...(details ? { details } : {}) };
    }
    if (status < 500) {
      const type = (exception as { type?: string }).type;
      const message =
        type === 'entity.too.large'
          ? 'The request body exceeds the size limit'
          : type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : ((exception as Error).message ?? 'Bad request');
      return shape(status, message, requestId);
    }
    return shape(status, 'Internal server error', requestId);
  }
}

/**
 * A 503 the app chose to answer (readiness naming a component that is down): whoever decided it logs
 * the state change once; logging every such answer would flood the log while a probe polls.
 */
function isDeliberate503(exception: unknown): boolean {
  return exception instanceof HttpException && exception.getStatus() === 503;
}

/** Outages seen so far heal within seconds (restart, failover); a client retrying sooner only adds load. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * A write refused mid-way may or may not have been committed when the connection broke, so the message
 * promises only what is true: it was not acknowledged (and is safe to retry where the API is idempotent).
 */
function databaseUnavailableMessage(method: string): string {
  return method === 'GET' || method === 'HEAD'
    ? 'The database is unavailable; retry later'
    : 'The database is unavailable; the request was not acknowledged, retry later';
}

function shape(statusCode: number, message: string, requestId: string | undefined): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, requestId };
}
