import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { NpsCategory } from '../nps-math';
import { IsStorableText, IsUserId, Optional } from '@app/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AnswerNpsDto {
  @Transform(trim)
  @IsUserId()
  @IsStorableText()
  userId!: string;

  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;

  /** Empty after trimming counts as no reason. */
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  reason?: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @IsStorableText()
  surveyId?: string;
}

export interface NpsAnswerDto {
  userId: string;
  surveyId: string;
  score: number;
  category: NpsCategory;
  /** true when this answer replaced an earlier one of the same user and survey. */
  replaced: boolean;
}
