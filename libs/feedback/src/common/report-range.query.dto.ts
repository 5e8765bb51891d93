import { IsIn, IsISO8601 } from 'class-validator';
import { REPORT_INTERVALS, ReportInterval } from './report-range';
import { Optional } from '@app/validation';

/** `from`, `to` and `interval` of the feedback and NPS reports (defaults resolved by `resolveRange`). */
export class ReportRangeQueryDto {
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @Optional()
  @IsIn(REPORT_INTERVALS)
  interval?: ReportInterval;
}
