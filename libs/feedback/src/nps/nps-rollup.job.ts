import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { Gauge, InjectMetric } from '@app/metrics';
import { ScheduledJob } from '@app/jobs';
import { NpsRepository } from './nps.repository';
import { summarizeNps } from './nps-math';

const DAY_MS = 86_400_000;
/** Answers can change after the day they were given: recompute this many past days each run. */
const RECOMPUTE_DAYS = 35;

/**
 * Daily: stores NPS per day and survey in `nps_daily` (upserts, so re-runs are harmless) and sets
 * `nps_score{window="30d"}` over all surveys. The jobs module runs it on one replica per tick.
 */
@Injectable()
export class NpsRollupJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(NpsRollupJob.name);

  constructor(
    private readonly repository: NpsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectMetric('nps_score') private readonly npsScore: Gauge<string>,
  ) {}

  /** nps_score from the start, not only after the first 00:05 run (one indexed 30-day count). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.refreshScore(this.clock.now());
    } catch (error) {
      this.logger.warn(`nps_score not set at start: ${(error as Error).message}`);
    }
  }

  @ScheduledJob({ name: 'nps-rollup', cron: '0 5 0 * * *' })
  async run(): Promise<{ rows: number; nps30d: number | null }> {
    const now = this.clock.now();
    const timeZone = this.config.reports.timeZone;
    // Whole local days only: a partial first day would overwrite its row with a partial count.
    const from = DateTime.fromJSDate(now, { zone: timeZone })
      .minus({ days: RECOMPUTE_DAYS })
      .startOf('day')
      .toJSDate();
    const rows = await this.repository.rollupDaily(from, now, timeZone, now);
    const nps30d = await this.refreshScore(now);
    this.logger.log(`NPS rollup: ${rows} day×survey row(s), 30-day NPS ${nps30d ?? 'n/a'}`);
    return { rows, nps30d };
  }

  private async refreshScore(now: Date): Promise<number | null> {
    const summary = summarizeNps(await this.repository.counts(new Date(now.getTime() - 30 * DAY_MS), now));
    // No answers in 30 days: drop the series rather than report a misleading 0.
    if (summary.nps === null) this.npsScore.remove({ window: '30d' });
    else this.npsScore.set({ window: '30d' }, summary.nps);
    return summary.nps;
  }
}
