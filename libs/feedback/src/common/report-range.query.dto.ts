import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { REPORT_INTERVALS, ReportInterval } from './report-range';

/** `from`, `to` and `interval` of the feedback and NPS reports (defaults resolved by `resolveRange`). */
export class ReportRangeQueryDto {
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
