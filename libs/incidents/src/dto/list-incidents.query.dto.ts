import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, IncidentSeverity, IncidentStatus } from '../incident-status';
import { Optional } from '@app/validation';

/** Filters on status, severity and detection time [from, to); newest first. */
export class ListIncidentsQueryDto {
  @Optional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @Optional()
  @IsIn(INCIDENT_SEVERITIES)
  severity?: IncidentSeverity;

  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
