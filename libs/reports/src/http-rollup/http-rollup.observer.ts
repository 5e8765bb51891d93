import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HttpRollupBuffer } from './http-rollup.buffer';

/**
 * Records every response of the HTTP server into the daily rollup once it is finished: a listener on
 * the server's 'request' event, not route middleware, because Express sets `req.route` for a
 * middleware mounted on a path and never resets it, which would relabel 404s in the HTTP metrics.
 * This sees what the app-level observer sees (body-parser rejections, /metrics, 404s) and does nothing
 * in a context without HTTP (the CLI).
 */
@Injectable()
export class HttpRollupObserver implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly buffer: HttpRollupBuffer,
  ) {}

  private readonly onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      try {
        this.buffer.record(res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      } catch {
        // A throwing 'finish' listener would take the process down; a lost count would not.
      }
    });
  };

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (typeof server?.on !== 'function') return;
    this.server = server;
    server.on('request', this.onRequest);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', this.onRequest);
  }
}
