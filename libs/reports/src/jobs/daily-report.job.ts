import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { ReportBuilder } from '../build/report-builder.service';
import { localDate } from '../build/report-period';
import { StoredReport } from '../build/report.types';
import { applyTimeZone } from './apply-time-zone';

/**
 * 18:00 in REPORT_TIMEZONE: today's report (the day so far), announced on Slack; yesterday's is rebuilt
 * first, silently, so that the stored report of every past day covers the whole day.
 */
@Injectable()
export class DailyReportJob {
  constructor(
    private readonly builder: ReportBuilder,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    applyTimeZone(DailyReportJob.prototype.run, config.reports.timeZone);
  }

  @ScheduledJob({ name: 'daily-report', cron: '0 0 18 * * *' })
  async run(): Promise<StoredReport> {
    const zone = this.config.reports.timeZone;
    const today = localDate(this.clock.now(), zone);
    await this.builder.build('daily', DateTime.fromISO(today).minus({ days: 1 }).toISODate()!);
    return this.builder.build('daily', today, { notify: true });
  }
}
