import { SetMetadata } from '@nestjs/common';

export const SCHEDULED_JOB = 'pulse:scheduled-job';

export interface ScheduledJobOptions {
  /** Stable name: metrics label, lock key, admin API path (`/admin/jobs/:name/run`). */
  name: string;
  /** Cron expression (seconds optional), e.g. every 5 minutes: '0 *\/5 * * * *'. */
  cron: string;
  /** Time zone of the cron expression; defaults to UTC. */
  timeZone?: string;
  /** How long the run may hold the lock before another replica may take over (renewed while running). */
  lockTtlMs?: number;
}

/**
 * Marks a provider method as a scheduled job. It only sets metadata: the jobs module discovers marked
 * methods at start and runs each tick under a Redis lock, so it runs on one replica, measured.
 */
export const ScheduledJob = (options: ScheduledJobOptions): MethodDecorator =>
  SetMetadata(SCHEDULED_JOB, options);
