import { Injectable } from '@nestjs/common';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { Gauge, InjectMetric } from '@app/metrics';
import { ActiveUserCounts, ActiveUsersStore } from './active-users.store';

/** Publishes approximate DAU/WAU/MAU and stickiness from the Redis HyperLogLogs as Prometheus gauges. */
@Injectable()
export class ActiveUsersJob {
  constructor(
    private readonly store: ActiveUsersStore,
    private readonly clock: Clock,
    @InjectMetric('active_users') private readonly activeUsers: Gauge<string>,
    @InjectMetric('active_users_stickiness_ratio') private readonly stickiness: Gauge<string>,
  ) {}

  @ScheduledJob({ name: 'active-users', cron: '0 */5 * * * *' })
  async run(): Promise<ActiveUserCounts & { stickiness: number }> {
    const counts = await this.store.counts(this.clock.now());
    const ratio = counts.mau > 0 ? Math.min(1, counts.dau / counts.mau) : 0;
    this.activeUsers.set({ window: '1d' }, counts.dau);
    this.activeUsers.set({ window: '7d' }, counts.wau);
    this.activeUsers.set({ window: '30d' }, counts.mau);
    this.stickiness.set(ratio);
    return { ...counts, stickiness: ratio };
  }
}
