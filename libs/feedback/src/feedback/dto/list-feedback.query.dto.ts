import { Transform, Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SENTIMENT_LABELS, SentimentLabel } from '../../sentiment/sentiment-analyzer';
import { FEEDBACK_TYPES, FeedbackType } from '../feedback-type';
import { IsStorableText, Optional } from '@app/validation';

export class ListFeedbackQueryDto {
  @Optional()
  @IsIn(FEEDBACK_TYPES)
  type?: FeedbackType;

  @Optional()
  @IsIn(SENTIMENT_LABELS)
  sentiment?: SentimentLabel;

  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Case-insensitive substring of the message. */
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  q?: string;

  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque: the `nextCursor` of the previous page. */
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface FeedbackItemDto {
  id: string;
  type: FeedbackType;
  message: string;
  userId: string | null;
  sentiment: { score: number; label: SentimentLabel };
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface FeedbackPageDto {
  items: FeedbackItemDto[];
  nextCursor: string | null;
}
