export { ActivityModule } from './activity.module';
export { ActivityReadService } from './reports/activity-read.service';
export type { FunnelQuery, RangeQuery } from './reports/activity-read.service';
export type {
  ActivationBucket,
  ActivationReport,
  ActiveUsersPoint,
  ActiveUsersReport,
  FunnelReport,
  FunnelStepResult,
} from './reports/report.types';
export { ActiveUsersStore } from './realtime/active-users.store';
export type { ActiveUserCounts } from './realtime/active-users.store';
export { ActiveUsersJob } from './realtime/active-users.job';
export { ActivityBackfillService } from './backfill/activity-backfill.service';
export { EventIngestService } from './ingest/event-ingest.service';
export type { IngestResult } from './ingest/event-ingest.service';
export type { ValidatedEvent } from './ingest/ingest-event.dto';
export { EventPartitionsService, partitionName } from './partitions/event-partitions.service';
export type { EventPartition } from './partitions/event-partitions.service';
export { EventPartitionsJob } from './partitions/event-partitions.job';
export { funnelSql } from './reports/funnel-sql';
