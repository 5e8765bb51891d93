import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsStorableText } from '../../common/storable-text.validator';
import { NpsCategory } from '../nps-math';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AnswerNpsDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsStorableText()
  userId!: string;

  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;

  /** Empty after trimming counts as no reason. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  reason?: string;

  @IsOptional()
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
