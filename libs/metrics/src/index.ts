export { MetricsModule } from './metrics.module';
export { InjectMetric } from '@willsoto/nestjs-prometheus';
export type { Counter, Gauge, Histogram } from 'prom-client';
