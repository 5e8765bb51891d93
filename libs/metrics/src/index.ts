// InjectMetric first: feature modules that this library's controller depends on (auth) may import it
// back while this file is still loading.
export { InjectMetric } from '@willsoto/nestjs-prometheus';
export type { Counter, Gauge, Histogram } from 'prom-client';
export { MetricsModule } from './metrics.module';
export { HttpMetrics, HTTP_DURATION_BUCKETS, UNMATCHED_ROUTE } from './http-metrics';
export type { HttpObservation, PendingObservations } from './http-metrics';
export { sqlOperation } from './sql-operation';
export type { DbOperation } from './sql-operation';
