import { Global, Module, OnModuleInit } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { BUSINESS_METRICS } from './business-metrics';
import { DATABASE_METRICS, DatabaseMetrics } from './database-metrics';
import { HTTP_METRICS, HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { PROCESS_METRICS, ensureDefaultMetrics } from './process-metrics';

const METRICS = [...HTTP_METRICS, ...PROCESS_METRICS, ...DATABASE_METRICS, ...BUSINESS_METRICS];

/**
 * Prometheus registry, `/metrics` (optionally behind METRICS_TOKEN), and every metric of the contract,
 * available to all modules by injection (`@InjectMetric('name')`): HTTP golden signals (recorded by
 * `HttpMetrics`, which the app's response hook calls), saturation gauges, database query timings, and
 * the business metrics.
 */
@Global()
@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      // Enabled below, once per process (PrometheusModule would register them again for every app).
      defaultMetrics: { enabled: false },
    }),
  ],
  providers: [...METRICS, HttpMetrics, DatabaseMetrics],
  exports: [...METRICS, HttpMetrics],
})
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    ensureDefaultMetrics();
  }
}
