import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Gauge, Histogram, InjectMetric } from '@app/metrics';
import { INCIDENT_SEVERITIES, IncidentSeverity } from './incident-status';

const REFRESH_INTERVAL_MS = 60_000;

/**
 * incidents_open is recomputed from PostgreSQL (after each change and every minute) rather than
 * incremented in memory, so every replica reports the same, correct figure (aggregate with max() in
 * PromQL). The MTTA/MTTR histograms are observed once, by the replica that made the change.
 */
@Injectable()
export class IncidentMetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IncidentMetricsService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectMetric('incidents_open') private readonly open: Gauge<string>,
    @InjectMetric('incident_time_to_acknowledge_seconds') private readonly toAcknowledge: Histogram<string>,
    @InjectMetric('incident_time_to_resolve_seconds') private readonly toResolve: Histogram<string>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refreshOpen();
    this.timer = setInterval(() => void this.refreshOpen(), REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private queue: Promise<void> = Promise.resolve();

  /**
   * Never throws: a metrics refresh must not fail the request that triggered it. Refreshes run one
   * after another, so an older count never overwrites a newer one.
   */
  refreshOpen(): Promise<void> {
    this.queue = this.queue.then(() => this.recomputeOpen());
    return this.queue;
  }

  private async recomputeOpen(): Promise<void> {
    try {
      const rows: Array<{ severity: IncidentSeverity; n: string }> = await this.dataSource.query(
        `SELECT "severity", count(*) AS "n" FROM "incidents"
         WHERE "status" NOT IN ('resolved', 'closed') GROUP BY "severity"`,
      );
      const counts = new Map(rows.map((row) => [row.severity, Number(row.n)]));
      for (const severity of INCIDENT_SEVERITIES) this.open.set({ severity }, counts.get(severity) ?? 0);
    } catch (error) {
      this.logger.warn(`Could not refresh incidents_open: ${(error as Error).message}`);
    }
  }

  observeAcknowledged(severity: IncidentSeverity, detectedAt: Date, acknowledgedAt: Date): void {
    this.toAcknowledge.observe({ severity }, secondsBetween(detectedAt, acknowledgedAt));
  }

  observeResolved(severity: IncidentSeverity, detectedAt: Date, resolvedAt: Date): void {
    this.toResolve.observe({ severity }, secondsBetween(detectedAt, resolvedAt));
  }
}

function secondsBetween(start: Date, end: Date): number {
  return Math.max(0, (end.getTime() - start.getTime()) / 1000);
}
