import { applyDecorators } from '@nestjs/common';
import { IsString, Length } from 'class-validator';

/**
 * One limit for a user id on every endpoint (events, NPS, feedback, experiment assignment): the same
 * user must be accepted everywhere. 256 is the largest any endpoint accepted before they were unified.
 */
export const MAX_USER_ID_LENGTH = 256;

export const isUserId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= MAX_USER_ID_LENGTH;

/** A user id: a string of 1 to MAX_USER_ID_LENGTH characters. */
export function IsUserId(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: 'userId must be a string' }),
    Length(1, MAX_USER_ID_LENGTH, { message: `userId must be 1 to ${MAX_USER_ID_LENGTH} characters` }),
  );
}
