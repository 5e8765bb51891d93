import { Injectable } from '@nestjs/common';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { EventPartitionsService, PARTITIONS_AHEAD_DAYS } from './event-partitions.service';

const DAY_MS = 86_400_000;

/** Keeps a week of daily analytics_events partitions ready and drops those past retention. */
@Injectable()
export class EventPartitionsJob {
  constructor(
    private readonly partitions: EventPartitionsService,
    private readonly clock: Clock,
  ) {}

  @ScheduledJob({ name: 'event-partitions', cron: '0 17 * * * *' })
  async run(): Promise<{ created: string[]; dropped: string[] }> {
    const now = this.clock.now();
    const created = await this.partitions.ensure(
      now,
      new Date(now.getTime() + PARTITIONS_AHEAD_DAYS * DAY_MS),
    );
    const dropped = await this.partitions.dropExpired(now);
    return { created, dropped };
  }
}
