import { Injectable } from '@nestjs/common';
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

/** Records the golden signals of one response; called once per response by the HTTP finish hook. */
@Injectable()
export class HttpMetrics {
  constructor(
    @InjectMetric('http_request_duration_seconds')
    private readonly duration: Histogram<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_requests_total')
    private readonly requests: Counter<'method' | 'route' | 'status_code'>,
    @InjectMetric('http_request_errors_total')
    private readonly errors: Counter<'method' | 'route' | 'error_type'>,
  ) {}

  record({ method, route, statusCode, seconds, errorType }: HttpObservation): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.duration.observe(labels, seconds);
    this.requests.inc(labels);
    if (errorType !== undefined) this.errors.inc({ method, route, error_type: errorType });
  }
}
