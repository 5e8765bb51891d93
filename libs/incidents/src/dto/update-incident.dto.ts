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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INCIDENT_SEVERITIES, IncidentSeverity } from '../incident-status';
import { FollowUpActionDto } from './follow-up-action.dto';

/** null is refused for fields that always have a value; it clears the optional ones. */
const present = (_dto: object, value: unknown) => value !== undefined;

/** The fields people write; each one given replaces the stored value (null clears impactShare, rootCause, resolution, lessons). */
export class UpdateIncidentDto {
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ValidateIf(present)
  @IsString()
  @MaxLength(10000)
  summary?: string;

  @ValidateIf(present)
  @IsIn(INCIDENT_SEVERITIES)
  severity?: IncidentSeverity;

  @ValidateIf(present)
  @IsString()
  @MaxLength(5000)
  impact?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  impactShare?: number | null;

  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  responders?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  rootCause?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  resolution?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  lessons?: string | null;

  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FollowUpActionDto)
  followUpActions?: FollowUpActionDto[];
}
