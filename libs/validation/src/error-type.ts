import { HttpException } from '@nestjs/common';
import { ValidationFailedException } from './field-error';

/**
 * The `error_type` label of http_request_errors_total: the class name of the exception
 * (`NotFoundException`, `BadRequestException`, `QueryFailedError`…), or HttpError4xx/HttpError5xx for
 * a plain `Error`, a non-Error throw, or an error status set without an exception. Shared by every
 * exception filter (the JSON one and the NPS link's HTML one) so a failure is labelled the same way.
 */
export function errorTypeOf(exception: unknown, status: number): string {
  // Field-level 400s keep the label dashboards and the docs know validation failures by.
  if (exception instanceof ValidationFailedException) return 'BadRequestException';
  if (exception instanceof HttpException) return exception.constructor.name;
  if (exception instanceof Error && exception.constructor.name !== 'Error') return exception.constructor.name;
  return plainHttpErrorType(status);
}

export function plainHttpErrorType(status: number): string {
  return `HttpError${Math.floor(status / 100)}xx`;
}
