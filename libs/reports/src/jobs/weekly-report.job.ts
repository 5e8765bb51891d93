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
 * Friday 17:00 in REPORT_TIMEZONE: this week's report (Monday to now), announced on Slack; last week's
 * is rebuilt first, silently, so that it covers the whole week.
 */
@Injectable()
export class WeeklyReportJob {
  constructor(
    private readonly builder: ReportBuilder,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    applyTimeZone(WeeklyReportJob.prototype.run, config.reports.timeZone);
  }

  @ScheduledJob({ name: 'weekly-report', cron: '0 0 17 * * 5' })
  async run(): Promise<StoredReport> {
    const today = localDate(this.clock.now(), this.config.reports.timeZone);
    await this.builder.build('weekly', DateTime.fromISO(today).minus({ days: 7 }).toISODate()!);
    return this.builder.build('weekly', today, { notify: true });
  }
}
