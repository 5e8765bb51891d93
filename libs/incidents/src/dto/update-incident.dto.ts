import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INCIDENT_SEVERITIES, IncidentSeverity } from '../incident-status';
import { FollowUpActionDto } from './follow-up-action.dto';
import { Nullable, Optional } from '@app/validation';

/** The fields people write; each one given replaces the stored value (null clears impactShare, rootCause, resolution, lessons). */
export class UpdateIncidentDto {
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @Optional()
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @Optional()
  @IsIn(INCIDENT_SEVERITIES)
  severity?: IncidentSeverity;

  @Optional()
  @IsString()
  @MaxLength(5000)
  impact?: string;

  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  impactShare?: number | null;

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  responders?: string[];

  @Nullable()
  @IsString()
  @MaxLength(20000)
  rootCause?: string | null;

  @Nullable()
  @IsString()
  @MaxLength(20000)
  resolution?: string | null;

  @Nullable()
  @IsString()
  @MaxLength(20000)
  lessons?: string | null;

  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FollowUpActionDto)
  followUpActions?: FollowUpActionDto[];
}
