import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { AppConfig } from '@app/config';
import { JobContext, JobRunner } from './job-runner.service';
import { SCHEDULED_JOB, ScheduledJobOptions } from './scheduled-job.decorator';

const DEFAULT_LOCK_TTL_MS = 60_000;
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Finds `@ScheduledJob` methods at start (metadata is read after every provider is constructed, so a
 * constructor may still adjust it, e.g. a configured time zone), registers them with the JobRunner,
 * and, where this process runs jobs, schedules each with a CronJob in @nestjs/schedule's registry.
 */
@Injectable()
export class JobsExplorer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsExplorer.name);
  private readonly scheduled: string[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly runner: JobRunner,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const methodName of this.scanner.getAllMethodNames(proto)) {
        const method = (proto as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const options = this.reflector.get<ScheduledJobOptions | undefined>(SCHEDULED_JOB, method);
        if (!options) continue;
        const source = `${proto.constructor.name}.${methodName}`;
        if (!wrapper.isDependencyTreeStatic())
          throw new Error(`@ScheduledJob on ${source}: request-scoped providers are not supported`);
        this.register(
          instance as Record<string, (context: JobContext) => unknown>,
          methodName,
          source,
          options,
        );
      }
    }
    const unknown = this.config.jobs.only.filter((name) => !this.runner.get(name));
    if (unknown.length > 0) this.logger.warn(`JOBS_ONLY names unknown jobs: ${unknown.join(', ')}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner
      .seedMetrics()
      .catch((error: Error) => this.logger.warn(`Job metrics not seeded: ${error.message}`));
    for (const job of this.runner.list()) {
      if (!this.runner.isScheduledHere(job.name)) continue;
      let expected: Date | null = null;
      const cron = CronJob.from({
        cronTime: job.cron,
        timeZone: job.timeZone,
        start: false,
        onTick: () => {
          // The tick's identity is its scheduled time (the same on every replica), known in advance.
          const scheduledAt = expected ?? new Date();
          expected = cron.nextDate().toJSDate();
          void this.runner.runTick(job.name, scheduledAt);
        },
      });
      this.registry.addCronJob(`pulse-job:${job.name}`, cron);
      cron.start();
      expected = cron.nextDate().toJSDate();
      this.scheduled.push(job.name);
    }
    if (this.scheduled.length > 0)
      this.logger.log(`Scheduled jobs in this process: ${this.scheduled.join(', ')}`);
    else if (this.runner.list().length > 0) this.logger.log('Scheduled jobs are disabled in this process');
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const name of this.scheduled) {
      const key = `pulse-job:${name}`;
      if (this.registry.doesExist('cron', key)) this.registry.deleteCronJob(key);
    }
    await this.runner.drain(this.config.app.shutdownTimeoutMs);
  }

  private register(
    instance: Record<string, (context: JobContext) => unknown>,
    methodName: string,
    source: string,
    options: ScheduledJobOptions,
  ): void {
    if (!JOB_NAME.test(options.name)) {
      throw new Error(`@ScheduledJob on ${source}: name "${options.name}" must match ${String(JOB_NAME)}`);
    }
    // JOBS_CRON may reschedule a job (operators; the multi-replica tests tick every few seconds).
    options = { ...options, cron: this.config.jobs.cron[options.name] ?? options.cron };
    try {
      new CronTime(options.cron, options.timeZone ?? 'UTC');
    } catch (error) {
      throw new Error(
        `@ScheduledJob "${options.name}" on ${source}: invalid cron "${options.cron}" or time zone (${(error as Error).message})`,
      );
    }
    this.runner.register({
      name: options.name,
      cron: options.cron,
      timeZone: options.timeZone ?? 'UTC',
      lockTtlMs: options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS,
      source,
      // Looked up at call time, so wrappers installed by other explorers (e.g. @Cached) apply.
      invoke: async (context) => instance[methodName](context),
    });
  }
}
