import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INCIDENT_SEVERITIES, IncidentSeverity } from '../incident-status';
import { FollowUpActionDto } from './follow-up-action.dto';

/** The fields people write; each one given replaces the stored value. */
export class UpdateIncidentDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @IsOptional()
  @IsIn(INCIDENT_SEVERITIES)
  severity?: IncidentSeverity;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  impact?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  impactShare?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  responders?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  rootCause?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  resolution?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  lessons?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FollowUpActionDto)
  followUpActions?: FollowUpActionDto[];
}
