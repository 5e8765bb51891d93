export { JobsModule } from './jobs.module';
export { JobRunner } from './job-runner.service';
export type { JobContext, JobDefinition, JobResult, JobRunOutcome } from './job-runner.service';
export { JobLockService } from './job-lock.service';
export type { JobStatusView, JobRunView } from './job-status.service';
export { ScheduledJob, SCHEDULED_JOB } from './scheduled-job.decorator';
export type { ScheduledJobOptions } from './scheduled-job.decorator';
