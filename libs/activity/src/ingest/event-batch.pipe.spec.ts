import { BadRequestException } from '@nestjs/common';
import { ManualClock } from '@app/clock';
import { EventBatchPipe } from './event-batch.pipe';

const NOW = new Date('2026-11-22T12:00:00Z');
const pipe = new EventBatchPipe(new ManualClock(NOW));

function messageOf(body: unknown): string {
  try {
    pipe.transform(body);
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { message: string }).message;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('EventBatchPipe', () => {
  it('normalises one event or a batch, resolving the time', () => {
    expect(pipe.transform({ userId: 'u', event: 'a' })).toEqual([
      { eventId: null, userId: 'u', event: 'a', occurredAt: NOW, properties: {} },
    ]);
    const [first, second] = pipe.transform([
      { userId: 'u', event: 'a', timestamp: '2026-11-22T10:00:00.000Z', eventId: 'e1', properties: { x: 1 } },
      { userId: 'u', event: 'b', timestamp: '2026-11-22T11:00:00+01:00', eventId: null },
    ]);
    expect(first).toEqual({
      eventId: 'e1',
      userId: 'u',
      event: 'a',
      occurredAt: new Date('2026-11-22T10:00:00Z'),
      properties: { x: 1 },
    });
    expect(second.occurredAt).toEqual(new Date('2026-11-22T10:00:00Z'));
    expect(second.eventId).toBeNull();
  });

  it('rejects impossible dates whichever validation path sees them', () => {
    expect(messageOf([{ userId: 'u', event: 'a', timestamp: '2026-02-30T00:00:00Z' }])).toContain(
      'items[0].timestamp must be an ISO 8601 date-time',
    );
    expect(messageOf({ userId: 'u', event: 'a', timestamp: 1732270000000 })).toBe(
      'timestamp must be an ISO 8601 date-time',
    );
  });

  it('names every rule an item breaks, with its index', () => {
    const message = messageOf([
      { userId: 'u', event: 'ok' },
      { userId: 'x'.repeat(257), event: 'a b', eventId: '', unknown: true },
    ]);
    expect(message.split('; ').sort()).toEqual([
      'items[1].event must match [a-z0-9_.:-]{1,64}',
      'items[1].eventId must be 1 to 128 characters',
      'items[1].unknown is not an allowed field',
      'items[1].userId must be 1 to 256 characters',
    ]);
  });
});
