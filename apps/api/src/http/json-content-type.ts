import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The media types the body parser reads; every endpoint that takes a body takes JSON. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * A request that carries a body in another media type (a form, text/plain from sendBeacon, none at
 * all) answers 415 instead of being validated as an empty body ("message is required" would mislead).
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || req.method === 'GET' || req.method === 'HEAD' || req.is(JSON_MEDIA_TYPES)) return next();
  next(
    new UnsupportedMediaTypeException(
      `The request body must be JSON (Content-Type: application/json), got ${describe(req.headers['content-type'])}`,
    ),
  );
}

function describe(contentType: string | undefined): string {
  if (!contentType) return 'no Content-Type';
  // Only the media type: parameters (boundary=…) are the client's noise, never echoed at length.
  return contentType.split(';')[0].trim().slice(0, 100);
}
