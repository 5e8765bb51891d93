import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityBackfillService } from './backfill/activity-backfill.service';
import { AnalyticsEventEntity } from './entities/analytics-event.entity';
import { UserDailyActivityEntity } from './entities/user-daily-activity.entity';
import { EventBatchPipe } from './ingest/event-batch.pipe';
import { EventIngestService } from './ingest/event-ingest.service';
import { EventsController } from './ingest/events.controller';
import { EventPartitionsJob } from './partitions/event-partitions.job';
import { EventPartitionsService } from './partitions/event-partitions.service';
import { ActiveUsersJob } from './realtime/active-users.job';
import { ActiveUsersStore } from './realtime/active-users.store';
import { ActivityReadService } from './reports/activity-read.service';
import { ActivityReportRepository } from './reports/activity-report.repository';
import { ActivityReportsController } from './reports/activity-reports.controller';
import { CachedActivityReports } from './reports/cached-activity-reports';

/** Product events, real-time and exact active users, funnels and activation. */
@Module({
  imports: [TypeOrmModule.forFeature([AnalyticsEventEntity, UserDailyActivityEntity])],
  controllers: [EventsController, ActivityReportsController],
  providers: [
    EventBatchPipe,
    EventIngestService,
    ActiveUsersStore,
    ActiveUsersJob,
    ActivityReportRepository,
    CachedActivityReports,
    ActivityReadService,
    ActivityBackfillService,
    EventPartitionsService,
    EventPartitionsJob,
  ],
  exports: [
    EventPartitionsService,
    EventPartitionsJob,
    ActivityReadService,
    ActiveUsersStore,
    ActiveUsersJob,
    ActivityBackfillService,
    EventIngestService,
  ],
})
export class ActivityModule {}
