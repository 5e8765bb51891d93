import { IsIn, IsString, MaxLength } from 'class-validator';
import { INCIDENT_STATUSES, IncidentStatus } from '../incident-status';
import { Optional } from '@app/validation';

export class ChangeStatusDto {
  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  /** Optional explanation, kept on the timeline entry. */
  @Optional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
