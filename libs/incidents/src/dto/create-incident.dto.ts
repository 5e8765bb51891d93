import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { INCIDENT_SEVERITIES, IncidentSeverity } from '../incident-status';

export class CreateIncidentDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @IsIn(INCIDENT_SEVERITIES)
  severity: IncidentSeverity;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  impact?: string;

  /** Estimated share of users affected, 0..1. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  impactShare?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  commander?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  responders?: string[];

  /** When the problem was detected; defaults to now, never later than now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  detectedAt?: string;
}
