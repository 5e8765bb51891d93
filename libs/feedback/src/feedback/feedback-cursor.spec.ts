import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './feedback-cursor';

describe('feedback cursor', () => {
  it('round-trips (created_at with microseconds, id)', () => {
    const cursor = { createdAt: '2026-11-20T10:00:00.123456Z', id: '7f1c2a8e-1d2b-4c3d-9e4f-0a1b2c3d4e5f' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('2026-11-20|x').toString('base64url'),
    Buffer.from('2026-99-99T99:99:99.000000Z|7f1c2a8e-1d2b-4c3d-9e4f-0a1b2c3d4e5f').toString('base64url'),
  ])('rejects a forged cursor %p with 400', (value) => {
    expect(() => decodeCursor(value)).toThrow(BadRequestException);
  });
});
