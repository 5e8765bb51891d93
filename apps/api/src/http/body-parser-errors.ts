import { HttpException, PayloadTooLargeException } from '@nestjs/common';
import { ValidationFailedException } from '@app/validation';
import type { NextFunction, Request, Response } from 'express';

/**
 * Turns body-parser failures into Nest exceptions with stable messages (otherwise Nest forwards the raw
 * JSON.parse text, which varies by Node version and echoes the input).
 */
export function bodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  if (error instanceof HttpException) return next(error);
  if (type === 'entity.parse.failed')
    // Also a bare number or string: the body must be a JSON object or array.
    return next(ValidationFailedException.of('body', 'isJson', 'The request body is not valid JSON'));
  if (type === 'entity.too.large')
    return next(new PayloadTooLargeException('The request body exceeds the size limit'));
  next(error);
}
