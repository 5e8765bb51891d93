import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { INCIDENT_STATUSES, IncidentStatus } from '../incident-status';

export class ChangeStatusDto {
  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  /** Optional explanation, kept on the timeline entry. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
