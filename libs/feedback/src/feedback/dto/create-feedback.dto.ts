import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsStorableText } from '../../common/storable-text.validator';
import { FEEDBACK_TYPES, FeedbackType } from '../feedback-type';
import { IsFeedbackMetadata } from './metadata.validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateFeedbackDto {
  @IsIn(FEEDBACK_TYPES)
  type!: FeedbackType;

  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'message must not be blank' })
  @MaxLength(5000)
  @IsStorableText()
  message!: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsStorableText()
  userId?: string;

  // null is rejected too: metadata is either absent or an object.
  @ValidateIf((_dto, value) => value !== undefined)
  @IsFeedbackMetadata()
  @IsStorableText()
  metadata?: Record<string, unknown>;
}

export class FeedbackCreatedDto {
  id!: string;
}
