import { Module } from '@nestjs/common';
import { ActivityModule } from '@app/activity';
import { FeedbackModule } from '@app/feedback';
import { IncidentsModule } from '@app/incidents';
import { OutboxModule } from '@app/outbox';
import { ReportsController } from './api/reports.controller';
import { ReportsService } from './api/reports.service';
import { ReportBuilder } from './build/report-builder.service';
import { ReportFiguresCollector } from './build/report-figures.collector';
import { ReportsRepository } from './build/reports.repository';
import { HttpRollupBuffer } from './http-rollup/http-rollup.buffer';
import { HttpRollupRepository } from './http-rollup/http-rollup.repository';
import { DailyReportJob } from './jobs/daily-report.job';
import { HousekeepingJob } from './jobs/housekeeping.job';
import { WeeklyReportJob } from './jobs/weekly-report.job';

/** Daily and weekly reports, the service's own daily HTTP rollup, and the housekeeping job. */
@Module({
  imports: [ActivityModule, FeedbackModule, IncidentsModule, OutboxModule],
  controllers: [ReportsController],
  providers: [
    HttpRollupRepository,
    HttpRollupBuffer,
    ReportsRepository,
    ReportFiguresCollector,
    ReportBuilder,
    ReportsService,
    DailyReportJob,
    WeeklyReportJob,
    HousekeepingJob,
  ],
  exports: [
    ReportBuilder,
    ReportsService,
    HttpRollupBuffer,
    HttpRollupRepository,
    DailyReportJob,
    WeeklyReportJob,
    HousekeepingJob,
  ],
})
export class ReportsModule {}
