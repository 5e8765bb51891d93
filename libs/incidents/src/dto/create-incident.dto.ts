import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { INCIDENT_SEVERITIES, IncidentSeverity } from '../incident-status';
import { Optional } from '@app/validation';

export class CreateIncidentDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @Optional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @IsIn(INCIDENT_SEVERITIES)
  severity: IncidentSeverity;

  @Optional()
  @IsString()
  @MaxLength(5000)
  impact?: string;

  /** Estimated share of users affected, 0..1. */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  impactShare?: number;

  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  commander?: string;

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  responders?: string[];

  /** When the problem was detected; defaults to now, never later than now. */
  @Optional()
  @IsISO8601({ strict: true })
  detectedAt?: string;
}
