import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { loadConfig } from '@app/config';
import { AccessLogger, createWinstonLogger, flushWinstonLogger } from '@app/logging';
import { HTTP_DURATION_BUCKETS, HttpMetrics } from '@app/metrics';
import { ResponseObserver } from './response-observer';
import { HttpAdapterHost } from '@nestjs/core';

function setup() {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_code'] as const;
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'h',
    labelNames,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({ name: 'http_requests_total', help: 'h', labelNames, registers: [registry] });
  const errors = new Counter({
    name: 'http_request_errors_total',
    help: 'h',
    labelNames: ['method', 'route', 'error_type'],
    registers: [registry],
  });
  const metrics = new HttpMetrics(duration, requests, errors, new HttpAdapterHost());
  const lines: string[] = [];
  const console = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createWinstonLogger(loadConfig({ NODE_ENV: 'production' }), { console, files: false });
  const observer = new ResponseObserver(metrics, new AccessLogger(logger));
  const count = async () => (await requests.get()).values.reduce((sum, { value }) => sum + value, 0);
  const logged = () => {
    flushWinstonLogger(logger);
    return lines.filter((line) => line.includes('"context":"AccessLog"'));
  };
  return { metrics, observer, count, logged };
}

/** A request through the observer's middleware that finishes with `status`. */
function respond(observer: ResponseObserver, status: number, route?: string): void {
  const req = {
    method: 'GET',
    route: route === undefined ? undefined : { path: route },
    headers: { 'user-agent': 'spec' },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as Request;
  const res = Object.assign(new EventEmitter(), { statusCode: status, locals: {} }) as unknown as Response;
  observer.middleware(req, res, (() => undefined) as NextFunction);
  res.emit('finish');
}

describe('ResponseObserver', () => {
  it('counts every finished response by the time metrics are read', async () => {
    const { metrics, observer, count, logged } = setup();
    for (let i = 0; i < 3; i++) respond(observer, 200, '/api/v1/health');
    respond(observer, 404);
    metrics.flushPending(); // what the /metrics endpoint does first
    expect(await count()).toBe(4);
    expect(logged()).toHaveLength(4);
    metrics.beforeApplicationShutdown();
  });

  it('records the batch on its own within moments, without a scrape', async () => {
    const { metrics, observer, count } = setup();
    respond(observer, 201, '/api/v1/events');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await count()).toBe(1);
    metrics.beforeApplicationShutdown();
  });

  it('at shutdown writes what it holds, then records each response at once', async () => {
    const { metrics, observer, count, logged } = setup();
    respond(observer, 200, '/api/v1/health');
    metrics.beforeApplicationShutdown();
    expect(await count()).toBe(1);
    expect(logged()).toHaveLength(1);
    // A response still in flight when shutdown began is not left waiting for a timer.
    respond(observer, 503, '/api/v1/health');
    expect(await count()).toBe(2);
    expect(logged()).toHaveLength(2);
  });

  it('stops listening for process exit once closed', () => {
    const { metrics } = setup();
    const listening = process.listenerCount('exit');
    metrics.beforeApplicationShutdown();
    expect(process.listenerCount('exit')).toBe(listening - 1);
  });
});
