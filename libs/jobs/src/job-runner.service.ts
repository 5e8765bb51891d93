import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Clock } from '@app/clock';
import { AppConfig } from '@app/config';
import { Counter, Gauge, Histogram, InjectMetric } from '@app/metrics';
import { JobLockService } from './job-lock.service';
import { JobStateRepository } from './job-state.repository';

/** What a job method receives (optional to use). */
export interface JobContext {
  name: string;
  trigger: 'schedule' | 'manual';
  /** The tick this run belongs to; null for a manual run. */
  scheduledAt: Date | null;
  /** Aborted when this replica lost the lock (e.g. Redis expired it): stop early if you can. */
  signal: AbortSignal;
}

export interface JobDefinition {
  name: string;
  cron: string;
  timeZone: string;
  lockTtlMs: number;
  /** `Class.method`, for messages. */
  source: string;
  invoke: (context: JobContext) => Promise<unknown>;
}

export type JobResult = 'success' | 'failure' | 'skipped';

export interface JobRunOutcome {
  name: string;
  result: JobResult;
  durationMs: number;
  error?: string;
  /** Why a tick was skipped (busy elsewhere, tick already taken, lock unavailable). */
  reason?: string;
  /** What the job method returned (successful runs). */
  value?: unknown;
}

const MIN_LOCK_TTL_MS = 1000;
const LOG_SKIPS_EVERY_MS = 60_000;

/**
 * Runs registered jobs under their Redis lock, measures them, and records their state in PostgreSQL.
 * Other modules and tests trigger a job by name with `runNow(name)`.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly running = new Map<string, Promise<unknown>>();
  private lastSkipLog = Number.NEGATIVE_INFINITY;
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly locks: JobLockService,
    private readonly state: JobStateRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectMetric('scheduled_job_runs_total') private readonly runs: Counter<'job' | 'result'>,
    @InjectMetric('scheduled_job_duration_seconds') private readonly duration: Histogram<'job'>,
    @InjectMetric('scheduled_job_last_success_timestamp_seconds') private readonly lastSuccess: Gauge<'job'>,
  ) {}

  register(job: JobDefinition): void {
    const existing = this.jobs.get(job.name);
    if (existing)
      throw new Error(`Two scheduled jobs are named "${job.name}": ${existing.source} and ${job.source}`);
    if (job.lockTtlMs < MIN_LOCK_TTL_MS)
      throw new Error(`Job "${job.name}": lockTtlMs must be at least ${MIN_LOCK_TTL_MS}`);
    this.jobs.set(job.name, job);
  }

  list(): JobDefinition[] {
    return [...this.jobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): JobDefinition | undefined {
    return this.jobs.get(name);
  }

  /** Whether this process runs the job on its schedule (JOBS_ENABLED, JOBS_ONLY). */
  isScheduledHere(name: string): boolean {
    const { enabled, only } = this.config.jobs;
    return enabled && (only.length === 0 || only.includes(name));
  }

  /** Runs a job now, under the same lock as its ticks. 404 unknown, 409 running elsewhere. */
  async runNow(name: string): Promise<JobRunOutcome> {
    const job = this.jobs.get(name);
    if (!job) throw new NotFoundException(`Unknown job "${name}"`);
    if (this.running.has(name)) throw new ConflictException(`Job "${name}" is already running`);
    let token: string | null;
    try {
      token = await this.locks.acquire(name, job.lockTtlMs);
    } catch (error) {
      throw new ServiceUnavailableException(
        `Cannot take the lock of job "${name}": ${(error as Error).message}`,
      );
    }
    if (!token) throw new ConflictException(`Job "${name}" is already running on another replica`);
    return this.execute(job, token, 'manual', null);
  }

  /** One tick of the schedule: runs unless another replica took this tick or still runs the job. */
  async runTick(name: string, scheduledAt: Date): Promise<JobRunOutcome> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job "${name}"`);
    if (this.running.has(name)) return this.skipped(name, 'still running here since an earlier tick');
    let acquisition;
    try {
      acquisition = await this.locks.acquireTick(name, scheduledAt, job.lockTtlMs);
    } catch (error) {
      return this.skipped(name, `lock unavailable (${(error as Error).message})`, true);
    }
    if (!acquisition.acquired) return this.skipped(name, acquisition.reason);
    return this.execute(job, acquisition.token, 'schedule', scheduledAt);
  }

  /** Waits for runs in progress in this process (shutdown), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const pending = [...this.running.values()];
    if (pending.length === 0) return;
    this.logger.log(`Waiting up to ${timeoutMs} ms for ${pending.length} running job(s)`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Seeds the last-success gauge from the shared state, so a restarted replica does not report 0. */
  async seedMetrics(): Promise<void> {
    const rows = await this.state.findAll();
    for (const job of this.jobs.values()) {
      const at = rows.get(job.name)?.lastSuccessAt;
      if (at) this.lastSuccess.set({ job: job.name }, at.getTime() / 1000);
    }
  }

  isRunningHere(name: string): boolean {
    return this.running.has(name);
  }

  private skipped(name: string, reason: string, warn = false): JobRunOutcome {
    this.runs.inc({ job: name, result: 'skipped' });
    if (warn && Date.now() - this.lastSkipLog >= LOG_SKIPS_EVERY_MS) {
      this.lastSkipLog = Date.now();
      this.logger.warn(`Job ${name} skipped: ${reason}`);
    } else {
      this.logger.debug(`Job ${name} skipped: ${reason}`);
    }
    return { name, result: 'skipped', durationMs: 0, reason };
  }

  private async execute(
    job: JobDefinition,
    token: string,
    trigger: JobContext['trigger'],
    scheduledAt: Date | null,
  ): Promise<JobRunOutcome> {
    const run = this.runLocked(job, token, trigger, scheduledAt);
    this.running.set(job.name, run);
    try {
      return await run;
    } finally {
      this.running.delete(job.name);
    }
  }

  private async runLocked(
    job: JobDefinition,
    token: string,
    trigger: JobContext['trigger'],
    scheduledAt: Date | null,
  ): Promise<JobRunOutcome> {
    const abort = new AbortController();
    const renewal = setInterval(() => void this.renew(job, token, abort), Math.floor(job.lockTtlMs / 3));
    const startedAt = this.clock.now();
    const started = performance.now();
    await this.state.markStarted(job.name, startedAt, this.instance).catch((error: Error) => {
      this.logger.warn(`Job ${job.name}: could not record its start (${error.message})`);
    });
    let outcome: JobRunOutcome;
    try {
      const value = await job.invoke({ name: job.name, trigger, scheduledAt, signal: abort.signal });
      outcome = { name: job.name, result: 'success', durationMs: performance.now() - started, value };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = {
        name: job.name,
        result: 'failure',
        durationMs: performance.now() - started,
        error: message,
      };
    } finally {
      clearInterval(renewal);
      await this.locks.release(job.name, token).catch((error: Error) => {
        this.logger.warn(`Job ${job.name}: lock not released (${error.message}); it expires by itself`);
      });
    }
    this.record(job, outcome, trigger);
    await this.state
      .markFinished(job.name, this.clock.now(), {
        result: outcome.result === 'success' ? 'success' : 'failure',
        durationMs: outcome.durationMs,
        error: outcome.error,
      })
      .catch((error: Error) =>
        this.logger.warn(`Job ${job.name}: could not record its end (${error.message})`),
      );
    return outcome;
  }

  private record(job: JobDefinition, outcome: JobRunOutcome, trigger: JobContext['trigger']): void {
    const seconds = outcome.durationMs / 1000;
    this.runs.inc({ job: job.name, result: outcome.result });
    this.duration.observe({ job: job.name }, seconds);
    const how = trigger === 'manual' ? ' (manual run)' : '';
    if (outcome.result === 'success') {
      this.lastSuccess.set({ job: job.name }, this.clock.now().getTime() / 1000);
      this.logger.log(`Job ${job.name} succeeded in ${Math.round(outcome.durationMs)} ms${how}`);
    } else {
      this.logger.error(
        `Job ${job.name} failed after ${Math.round(outcome.durationMs)} ms${how}: ${outcome.error}; next attempt at the next tick`,
      );
    }
  }

  private async renew(job: JobDefinition, token: string, abort: AbortController): Promise<void> {
    try {
      if (await this.locks.extend(job.name, token, job.lockTtlMs)) return;
      this.logger.warn(`Job ${job.name}: lock lost while running; another replica may start it`);
      abort.abort(new Error('lock lost'));
    } catch (error) {
      this.logger.warn(`Job ${job.name}: lock renewal failed (${(error as Error).message}); will retry`);
    }
  }
}
