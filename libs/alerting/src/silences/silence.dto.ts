import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MATCH_OPERATORS, MatchOperator } from '../domain/label-matcher';
import { Optional } from '@app/validation';

export class MatcherDto {
  @IsString()
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'name must be a label name ([a-zA-Z_][a-zA-Z0-9_]*)' })
  name: string;

  @IsIn(MATCH_OPERATORS)
  op: MatchOperator;

  @IsString()
  @MaxLength(1000)
  value: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class RecurrenceDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays: number[];

  @Matches(HHMM, { message: 'start must be HH:mm' })
  start: string;

  @Matches(HHMM, { message: 'end must be HH:mm' })
  end: string;

  @IsString()
  @MaxLength(64)
  timeZone: string;
}

export class CreateSilenceDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MatcherDto)
  matchers: MatcherDto[];

  @Optional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  /** Required unless the silence recurs. */
  @Optional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @Optional()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;

  @Optional()
  @IsBoolean()
  expireOnResolve?: boolean;

  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  createdBy?: string;

  @Optional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ListSilencesQueryDto {
  @Optional()
  @IsIn(['active', 'pending', 'expired'])
  state?: 'active' | 'pending' | 'expired';

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset?: number;
}
