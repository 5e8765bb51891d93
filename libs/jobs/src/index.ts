export { ScheduledJob, SCHEDULED_JOB } from './scheduled-job.decorator';
export type { ScheduledJobOptions } from './scheduled-job.decorator';
