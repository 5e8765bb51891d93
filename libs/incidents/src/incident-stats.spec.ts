import { summarizeDurations } from './incident-stats';

describe('summarizeDurations (MTTA/MTTR arithmetic)', () => {
  it('gives nulls without samples', () => {
    expect(summarizeDurations([])).toEqual({ count: 0, meanSeconds: null, medianSeconds: null });
  });

  it('takes the middle value of an odd count, whatever the order', () => {
    expect(summarizeDurations([600, 60, 3600])).toEqual({ count: 3, meanSeconds: 1420, medianSeconds: 600 });
  });

  it('averages the two middle values of an even count', () => {
    expect(summarizeDurations([300, 120, 900, 60])).toEqual({
      count: 4,
      meanSeconds: 345,
      medianSeconds: 210,
    });
  });

  it('rounds to milliseconds', () => {
    expect(summarizeDurations([1, 1, 2])).toEqual({ count: 3, meanSeconds: 1.333, medianSeconds: 1 });
  });
});
