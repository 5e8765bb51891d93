import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { JobRunView, JobStatusService, JobStatusView } from './job-status.service';

/** Admin only (no @Public / @RequireRole): list scheduled jobs and run one now. */
@Controller('admin/jobs')
export class JobsController {
  constructor(private readonly jobs: JobStatusService) {}

  @Get()
  async list(): Promise<{ jobs: JobStatusView[] }> {
    return { jobs: await this.jobs.list() };
  }

  /** Runs the job in this request, under its lock: 409 while it runs elsewhere, 404 if unknown. */
  @Post(':name/run')
  @HttpCode(200)
  run(@Param('name') name: string): Promise<JobRunView> {
    return this.jobs.run(name);
  }
}
