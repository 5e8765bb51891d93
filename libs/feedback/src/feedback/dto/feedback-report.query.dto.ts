import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { REPORT_INTERVALS, ReportInterval } from '../../common/report-range';

export class FeedbackReportQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsIn(REPORT_INTERVALS)
  interval?: ReportInterval;
}
