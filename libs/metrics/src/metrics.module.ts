import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { BUSINESS_METRICS } from './business-metrics';

/**
 * Prometheus registry, `/metrics`, and every metric of the contract, available to all modules by
 * injection (`@InjectMetric('name')`).
 */
@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: false } })],
  providers: [...BUSINESS_METRICS],
  exports: [...BUSINESS_METRICS],
})
export class MetricsModule {}
