import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpRollupBuffer } from './http-rollup.buffer';

/**
 * Records every response under the API prefix into the daily HTTP rollup once it is finished
 * (guards, pipes, exceptions and 404s included). Module middleware runs after the app-level observer
 * and body parser, so timing starts a little later than http_request_duration_seconds' and neither
 * body-parser rejections nor paths outside /api/v1 (/metrics scrapes) are seen: fine for a daily figure.
 */
@Injectable()
export class HttpRollupMiddleware implements NestMiddleware {
  constructor(private readonly buffer: HttpRollupBuffer) {}

  use(_req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      try {
        this.buffer.record(res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      } catch {
        // A throwing 'finish' listener would take the process down; a lost count would not.
      }
    });
    next();
  }
}
