import { ValidationFailedException } from '@app/validation';

/** Position after the last item of a page: (created_at with microseconds, id), newest first. */
export interface FeedbackCursor {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: FeedbackCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): FeedbackCursor {
  const [createdAt, id, extra] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (
    extra !== undefined ||
    !TIMESTAMP.test(createdAt ?? '') ||
    Number.isNaN(Date.parse(createdAt)) ||
    !UUID.test(id ?? '')
  ) {
    throw ValidationFailedException.of(
      'cursor',
      'invalid',
      'cursor is not a cursor returned by this endpoint',
    );
  }
  return { createdAt, id };
}
