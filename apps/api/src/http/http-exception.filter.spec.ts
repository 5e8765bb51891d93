import { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ValidationFailedException } from '@app/validation';
import { HttpExceptionFilter } from './http-exception.filter';

/** What the filter answers for an exception thrown while handling a request. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    headersSent: false,
    locals: {},
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => response,
      getRequest: () => ({ method: 'POST', originalUrl: '/api/v1/x' }),
    }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

const pgError = (code: string) =>
  Object.assign(new QueryFailedError('INSERT …', [], new Error('driver')), { code });

describe('HttpExceptionFilter', () => {
  it.each([
    ['22021', 'a NUL byte in text'],
    ['22P05', 'an untranslatable character'],
    ['22001', 'a value too long for its column'],
    ['23502', 'null in a NOT NULL column'],
  ])('maps PostgreSQL %s (%s) that slipped past validation to a 400, never a 500', (code) => {
    const { status, body } = answer(pgError(code));
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('keeps other database failures a 5xx', () => {
    expect(answer(pgError('42P01')).status).toBe(500);
  });

  it('adds the field errors of a validation failure beside the joined message', () => {
    const { status, body } = answer(
      new ValidationFailedException([
        { field: 'message', rule: 'required', message: 'message is required' },
        { field: 'type', rule: 'isIn', message: 'type must be one of: bug' },
      ]),
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'message is required; type must be one of: bug',
      requestId: undefined,
      errors: [
        { field: 'message', rule: 'required', message: 'message is required' },
        { field: 'type', rule: 'isIn', message: 'type must be one of: bug' },
      ],
    });
  });
});
