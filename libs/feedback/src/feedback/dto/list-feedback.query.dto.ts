import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SENTIMENT_LABELS, SentimentLabel } from '../../sentiment/sentiment-analyzer';
import { IsStorableText } from '../../common/storable-text.validator';
import { FEEDBACK_TYPES, FeedbackType } from '../feedback-type';

export class ListFeedbackQueryDto {
  @IsOptional()
  @IsIn(FEEDBACK_TYPES)
  type?: FeedbackType;

  @IsOptional()
  @IsIn(SENTIMENT_LABELS)
  sentiment?: SentimentLabel;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Case-insensitive substring of the message. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional()
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
