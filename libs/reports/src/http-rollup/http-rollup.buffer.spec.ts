import { loadConfig } from '@app/config';
import { ManualClock } from '@app/clock';
import { HttpRollupBuffer } from './http-rollup.buffer';
import type { HttpMetrics } from '@app/metrics';
import type { DayRollup, HttpRollupRepository } from './http-rollup.repository';

describe('HttpRollupBuffer report days', () => {
  it('switches to the next report day exactly at local midnight of REPORT_TIMEZONE', async () => {
    const written: DayRollup[] = [];
    const repository = { add: async (rollup: DayRollup) => void written.push(rollup) };
    const clock = new ManualClock(new Date('2026-11-24T15:59:30Z')); // 23:59:30 in Shanghai
    const config = loadConfig({ REPORT_TIMEZONE: 'Asia/Shanghai' });
    const metrics = { onRecord: () => undefined, flushPending: () => undefined } as unknown as HttpMetrics;
    const buffer = new HttpRollupBuffer(
      repository as unknown as HttpRollupRepository,
      clock,
      config,
      metrics,
    );

    buffer.record(200, 0.01);
    clock.set(new Date('2026-11-24T15:59:59.999Z'));
    buffer.record(500, 0.02);
    clock.set(new Date('2026-11-24T16:00:00.000Z')); // midnight there
    buffer.record(200, 0.03);
    clock.set(new Date('2026-11-23T10:00:00Z')); // clocks may go back (tests, NTP)
    buffer.record(200, 0.04);
    await buffer.flush();

    const byDay = Object.fromEntries(written.map((r) => [r.day, [r.requests, r.errors5xx]]));
    expect(byDay).toEqual({ '2026-11-23': [1, 0], '2026-11-24': [2, 1], '2026-11-25': [1, 0] });
  });
});
