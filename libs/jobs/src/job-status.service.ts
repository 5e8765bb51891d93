import { Injectable, Logger } from '@nestjs/common';
import { CronTime } from 'cron';
import { DateTime } from 'luxon';
import { JobLockService } from './job-lock.service';
import { JobRunOutcome, JobRunner } from './job-runner.service';
import { JobStateRepository } from './job-state.repository';

export interface JobStatusView {
  name: string;
  schedule: string;
  timeZone: string;
  /** Whether the replica that answered runs this job on its schedule (JOBS_ENABLED / JOBS_ONLY). */
  scheduledHere: boolean;
  /** Running on some replica (its lock is held); from PostgreSQL when Redis cannot be asked. */
  running: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  lastResult: 'success' | 'failure' | null;
  lastDurationMs: number | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  runs: number;
  failures: number;
}

export interface JobRunView {
  name: string;
  result: JobRunOutcome['result'];
  durationMs: number;
  error?: string;
}

/** The admin view of jobs: definitions from this process, state shared by all replicas. */
@Injectable()
export class JobStatusService {
  private readonly logger = new Logger(JobStatusService.name);
  /** Next run per job, kept until it passes: cron's sendAt() costs milliseconds of CPU a job, on every GET. */
  private readonly nextRuns = new Map<string, { cron: string; timeZone: string; at: DateTime }>();

  constructor(
    private readonly runner: JobRunner,
    private readonly state: JobStateRepository,
    private readonly locks: JobLockService,
  ) {}

  async list(): Promise<JobStatusView[]> {
    const rows = await this.state.findAll();
    return Promise.all(
      this.runner.list().map(async (job) => {
        const row = rows.get(job.name);
        let running: boolean;
        try {
          running = await this.locks.isLocked(job.name);
        } catch (error) {
          this.logger.warn(`Job locks unreadable (${(error as Error).message}); showing the recorded state`);
          running = Boolean(row?.runningSince);
        }
        return {
          name: job.name,
          schedule: job.cron,
          timeZone: job.timeZone,
          scheduledHere: this.runner.isScheduledHere(job.name),
          running,
          nextRunAt: this.nextRunOf(job).toUTC().toISO(),
          lastRunAt: iso(row?.lastStartedAt),
          lastFinishedAt: iso(row?.lastFinishedAt),
          lastResult: row?.lastResult ?? null,
          lastDurationMs: row?.lastDurationMs ?? null,
          lastSuccessAt: iso(row?.lastSuccessAt),
          lastError: row?.lastError ?? null,
          lastErrorAt: iso(row?.lastErrorAt),
          runs: row?.runs ?? 0,
          failures: row?.failures ?? 0,
        };
      }),
    );
  }

  private nextRunOf(job: { name: string; cron: string; timeZone: string }): DateTime {
    const known = this.nextRuns.get(job.name);
    if (
      known &&
      known.cron === job.cron &&
      known.timeZone === job.timeZone &&
      known.at.toMillis() > Date.now()
    )
      return known.at;
    const at = new CronTime(job.cron, job.timeZone).sendAt();
    this.nextRuns.set(job.name, { cron: job.cron, timeZone: job.timeZone, at });
    return at;
  }

  async run(name: string): Promise<JobRunView> {
    const { result, durationMs, error } = await this.runner.runNow(name);
    return { name, result, durationMs: Math.round(durationMs), ...(error ? { error } : {}) };
  }
}

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}
