import { IsISO8601, IsOptional } from 'class-validator';

/** Period [from, to); defaults to the 30 days before now. */
export class IncidentReportQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
