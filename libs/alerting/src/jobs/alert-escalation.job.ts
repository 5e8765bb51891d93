import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { AlertPipeline } from '../alerts/alert-pipeline.service';
import { AlertStore } from '../alerts/alert.store';
import { AlertNotifier } from '../notify/alert-notifier.service';

/**
 * Every minute: a P0 still firing (not acknowledged, not silenced) climbs the levels of
 * ALERT_ESCALATION_MINUTES (default L1 at 5, L2 at 15, L3 at 30 minutes after it fired). Each level is
 * claimed with a conditional UPDATE in the transaction that enqueues its messages, so replicas and
 * overlapping runs notify a level once. Each run first announces alerts whose first notice had to wait.
 */
@Injectable()
export class AlertEscalationJob {
  private readonly logger = new Logger(AlertEscalationJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: AlertStore,
    private readonly notifier: AlertNotifier,
    private readonly pipeline: AlertPipeline,
  ) {}

  @ScheduledJob({ name: 'alert-escalation', cron: '30 * * * * *' })
  async run(): Promise<{ escalated: number; announced: number }> {
    // Same tick: first notices that had to wait (silence ended, dedup window over) go out now.
    const announced = await this.pipeline.announcePending();
    const levels = this.config.alerting.escalation;
    if (levels.length === 0) return { escalated: 0, announced };
    const now = this.clock.now();
    const candidates = await this.store.escalationCandidates(now, levels[0].afterMs, levels.length);
    let escalated = 0;
    for (const alert of candidates) {
      const age = now.getTime() - alert.firedAt.getTime();
      const reached = levels.filter((level) => level.afterMs <= age).length;
      if (reached <= alert.escalationLevel) continue;
      const level = levels[reached - 1];
      const done = await this.dataSource.transaction(async (manager) => {
        if (!(await this.store.claimEscalation(manager, alert.id, reached, now))) return false;
        await this.notifier.escalate(manager, alert, level.level, level.targets, now);
        return true;
      });
      if (done) {
        escalated++;
        this.logger.warn(`Escalated ${alert.name} (${alert.fingerprint}) to ${level.level}`);
      }
    }
    return { escalated, announced };
  }
}
