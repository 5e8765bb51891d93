import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobLockService } from './job-lock.service';
import { JobRunner } from './job-runner.service';
import { JobStateRepository } from './job-state.repository';
import { JobStatusService } from './job-status.service';
import { JobsController } from './jobs.controller';
import { JobsExplorer } from './jobs.explorer';

/**
 * `@ScheduledJob` methods on any provider, run once per tick across replicas. Needs
 * `ScheduleModule.forRoot()` once in the root module (its SchedulerRegistry holds the cron jobs).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [JobsController],
  providers: [JobLockService, JobStateRepository, JobRunner, JobStatusService, JobsExplorer],
  exports: [JobRunner],
})
export class JobsModule {}
