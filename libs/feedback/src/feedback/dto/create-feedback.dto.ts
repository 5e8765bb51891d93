import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { FEEDBACK_TYPES, FeedbackType } from '../feedback-type';
import { IsFeedbackMetadata } from './metadata.validator';
import { IsStorableText, IsUserId, Optional } from '@app/validation';

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

  @Optional()
  @Transform(trim)
  @IsUserId()
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
