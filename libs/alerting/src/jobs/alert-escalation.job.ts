import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { AlertPipeline } from '../alerts/alert-pipeline.service';
import { AlertRecord } from '../alerts/alert.record';
import { AlertStore } from '../alerts/alert.store';
import { AlertReconciler } from '../alertmanager/alert-reconciler.service';
import { AlertNotifier } from '../notify/alert-notifier.service';

/**
 * Every minute: a P0 still firing (not acknowledged, not silenced) climbs the levels of
 * ALERT_ESCALATION_MINUTES (default L1 at 5, L2 at 15, L3 at 30 minutes after it fired). Each level is
 * claimed with a conditional UPDATE in the transaction that enqueues its messages, so replicas and
 * overlapping runs notify a level once. Each run first reconciles alerts Alertmanager stopped re-sending
 * and announces alerts whose first notice had to wait; an alert from Alertmanager is escalated only
 * once its API confirms it still fires unsilenced (a resolve can reach Pulse a group_interval late, and
 * a silenced one never does).
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
    private readonly reconciler: AlertReconciler,
  ) {}

  @ScheduledJob({ name: 'alert-escalation', cron: '30 * * * * *' })
  async run(): Promise<{ escalated: number; announced: number; reconciled: number }> {
    const swept = await this.reconciler.sweep();
    const reconciled = swept.resolved + swept.silenced;
    // Same tick: first notices that had to wait (silence ended, dedup window over) go out now.
    const announced = await this.pipeline.announcePending();
    const levels = this.config.alerting.escalation;
    if (levels.length === 0) return { escalated: 0, announced, reconciled };
    const now = this.clock.now();
    const reachedOf = (alert: AlertRecord) =>
      levels.filter((level) => level.afterMs <= now.getTime() - alert.firedAt.getTime()).length;
    const due = (await this.store.escalationCandidates(now, levels[0].afterMs, levels.length)).filter(
      (alert) => reachedOf(alert) > alert.escalationLevel,
    );
    // Checked at send time: resolved or silenced in Alertmanager meanwhile → no escalation.
    const confirmed = await this.reconciler.stillFiring(due);
    let escalated = 0;
    for (const alert of due) {
      if (!confirmed.has(alert.id)) continue;
      const reached = reachedOf(alert);
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
    return { escalated, announced, reconciled };
  }
}
