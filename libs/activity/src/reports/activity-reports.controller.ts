import { Controller, Get, Query } from '@nestjs/common';
import { ActivityReadService } from './activity-read.service';
import { ActivationQueryDto, FunnelQueryDto, RangeQueryDto } from './report-query.dto';
import { ActivationReport, ActiveUsersReport, FunnelReport } from './report.types';

/** Admin reports on product activity (admin key: no role decorator). */
@Controller('admin/reports')
export class ActivityReportsController {
  constructor(private readonly activity: ActivityReadService) {}

  @Get('funnel')
  funnel(@Query() query: FunnelQueryDto): Promise<FunnelReport> {
    return this.activity.funnelReport(query);
  }

  /** The event names known so far (for picking funnel steps). */
  @Get('event-names')
  eventNames(): Promise<{ items: string[] }> {
    return this.activity.eventNames();
  }

  @Get('activation')
  activation(@Query() query: ActivationQueryDto): Promise<ActivationReport> {
    return this.activity.activationReport(query);
  }

  @Get('active-users')
  activeUsers(@Query() query: RangeQueryDto): Promise<ActiveUsersReport> {
    return this.activity.activeUsersReport(query);
  }
}
