import { IsISO8601 } from 'class-validator';
import { Optional } from '@app/validation';

/** Period [from, to); defaults to the 30 days before now. */
export class IncidentReportQueryDto {
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}
