import { IsISO8601, IsObject, IsString, Length, Matches } from 'class-validator';
import { IsUserId, Nullable, Optional } from '@app/validation';

export const EVENT_NAME_PATTERN = /^[a-z0-9_.:-]{1,64}$/;
export const MAX_BATCH_SIZE = 500;
export const MAX_PROPERTIES_BYTES = 4096;

/** One event as sent by a client; a body is one of these or an array of up to 500. */
export class IngestEventDto {
  /** Absent or null: the event has no id (no deduplication of retries). */
  @Nullable()
  @IsString({ message: 'eventId must be a string' })
  @Length(1, 128, { message: 'eventId must be 1 to 128 characters' })
  eventId?: string;

  @IsUserId()
  userId: string;

  @IsString({ message: 'event must match [a-z0-9_.:-]{1,64}' })
  @Matches(EVENT_NAME_PATTERN, { message: 'event must match [a-z0-9_.:-]{1,64}' })
  event: string;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  timestamp?: string;

  @Optional()
  @IsObject({ message: 'properties must be a JSON object' })
  properties?: Record<string, unknown>;
}

/** An event that passed validation, with its time resolved. */
export interface ValidatedEvent {
  eventId: string | null;
  userId: string;
  event: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}
