import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectMetric, makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';

/** Fine buckets under 100 ms (so a P95 below it can be read) in front of the classic ones. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 1, 3, 5, 7, 10];

/** `route` of a request that matched no route (404s, and requests stopped before routing). */
export const UNMATCHED_ROUTE = 'UNMATCHED';

export const HTTP_METRICS = [
  makeHistogramProvider({
    name: 'http_request_duration_seconds',
    help: 'Time from the first byte of the request to the last byte of the response, by route template.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_DURATION_BUCKETS,
  }),
  makeCounterProvider({
    name: 'http_requests_total',
    help: 'HTTP responses, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
  }),
  makeCounterProvider({
    name: 'http_request_errors_total',
    help: 'HTTP responses with status >= 400 (or an exception), by error type: the exception class name, or HttpError4xx/HttpError5xx.',
    labelNames: ['method', 'route', 'error_type'],
  }),
];

export interface HttpObservation {
  method: string;
  /** The route template (`/api/v1/incidents/:id`) or UNMATCHED, never the raw path. */
  route: string;
  statusCode: number;
  seconds: number;
  /** Set when the response is an error; labels http_request_errors_total. */
  errorType?: string;
}

/**
 * Observations held back to be recorded in batches (the app's response observer). Metrics must be
 * complete when they are read, so HttpMetrics flushes them before every scrape, and closes them
 * (flush, then record at once) before the application shuts down.
 */
export interface PendingObservations {
  flush(): void;
  close(): void;
}

/** prom-client's registry is one per process, so a scrape flushes what every app in it holds back. */
const pendingInProcess = new Set<PendingObservations>();

/** Records the golden signals of one response; called once per response by the HTTP finish hook. */
@Injectable()
export class HttpMetrics implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pending = new Set<PendingObservations>();
  private readonly listeners: Array<(observation: HttpObservation) => void> = [];

  constructor(
    @InjectMetric('http_request_duration_seconds')
    private readonly duration: Histogram<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_requests_total')
    private readonly requests: Counter<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_request_errors_total')
    private readonly errors: Counter<'method' | 'route' | 'error_type'>,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Routes are registered by now: each route's 500 series exists at 0 from the start, so the first 5xx
   * of a route is an increase rate() can see (a series born at 1 is not) and the 5xx share reads 0.
   */
  onApplicationBootstrap(): void {
    for (const { method, route } of registeredRoutes(this.adapterHost)) {
      this.requests.inc({ method, route, status_code: '500' }, 0);
      this.errors.inc({ method, route, error_type: 'HttpError5xx' }, 0);
    }
  }

  record(observation: HttpObservation): void {
    const { method, route, statusCode, seconds, errorType } = observation;
    const labels = { method, route, status_code: String(statusCode) };
    this.duration.observe(labels, seconds);
    this.requests.inc(labels);
    if (errorType !== undefined) this.errors.inc({ method, route, error_type: errorType });
    for (const listener of this.listeners) listener(observation);
  }

  /**
   * Hands every recorded response to `listener` too (the daily HTTP rollup), so that one hook observes
   * responses for everything that counts them. It must not throw.
   */
  onRecord(listener: (observation: HttpObservation) => void): void {
    this.listeners.push(listener);
  }

  /** Registers a source of held-back observations; flushed before each scrape, closed at shutdown. */
  addPending(source: PendingObservations): void {
    this.pending.add(source);
    pendingInProcess.add(source);
  }

  /** Records everything held back in this process (the metrics endpoint calls this before rendering). */
  flushPending(): void {
    for (const source of pendingInProcess) source.flush();
  }

  beforeApplicationShutdown(): void {
    for (const source of this.pending) {
      source.close();
      pendingInProcess.delete(source);
    }
    this.pending.clear();
  }
}

interface RouterLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/** The Express app's route templates with their methods (Express 5 keeps them on `app.router.stack`). */
function registeredRoutes(adapterHost: HttpAdapterHost): Array<{ method: string; route: string }> {
  const app = adapterHost.httpAdapter?.getInstance<{ router?: { stack?: RouterLayer[] } }>();
  const routes: Array<{ method: string; route: string }> = [];
  for (const layer of app?.router?.stack ?? []) {
    const path = layer.route?.path;
    if (typeof path !== 'string') continue;
    for (const [method, on] of Object.entries(layer.route?.methods ?? {})) {
      if (on && method !== '_all') routes.push({ method: method.toUpperCase(), route: path });
    }
  }
  return routes;
}
