import { Injectable, Logger } from '@nestjs/common';
import { ALERT_PRIORITIES } from '@app/config';
import { Gauge, InjectMetric } from '@app/metrics';
import { SEVERITY_OF_PRIORITY } from '../domain/alert-priority';
import { AlertStore } from './alert.store';

/** `alerts_firing{severity}` recomputed from PostgreSQL, so every replica reports the shared truth. */
@Injectable()
export class AlertsGauge {
  private readonly logger = new Logger(AlertsGauge.name);

  constructor(
    private readonly store: AlertStore,
    @InjectMetric('alerts_firing') private readonly gauge: Gauge<string>,
  ) {}

  private running: Promise<void> | null = null;
  private dirty = false;

  /** Coalesces: calls during a recompute share it plus one more pass, so a storm costs few queries. */
  refresh(): Promise<void> {
    if (this.running) {
      this.dirty = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.dirty = false;
        await this.recompute();
      } while (this.dirty);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async recompute(): Promise<void> {
    try {
      const counts = new Map(
        (await this.store.countUnresolvedByPriority()).map((r) => [r.priority, r.count]),
      );
      for (const priority of ALERT_PRIORITIES) {
        this.gauge.set({ severity: SEVERITY_OF_PRIORITY[priority] }, counts.get(priority) ?? 0);
      }
    } catch (error) {
      this.logger.warn(`alerts_firing refresh failed: ${(error as Error).message}`);
    }
  }
}
