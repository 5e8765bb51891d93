import { isSilenceActive } from './silence-window';

describe('isSilenceActive', () => {
  const once = {
    startsAt: new Date('2026-11-24T10:00:00Z'),
    endsAt: new Date('2026-11-24T11:00:00Z'),
    recurrence: null,
  };

  it('applies between startsAt and endsAt only', () => {
    expect(isSilenceActive(once, new Date('2026-11-24T09:59:59Z'))).toBe(false);
    expect(isSilenceActive(once, new Date('2026-11-24T10:30:00Z'))).toBe(true);
    expect(isSilenceActive(once, new Date('2026-11-24T11:00:00Z'))).toBe(false);
  });

  it('applies a weekly window in its time zone (Sunday 02:00–04:00 Europe/Paris)', () => {
    const weekly = {
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: null,
      recurrence: { weekdays: [7], start: '02:00', end: '04:00', timeZone: 'Europe/Paris' },
    };
    // Sunday 29 Nov 2026: Paris is UTC+1, so the window is 01:00–03:00 UTC.
    expect(isSilenceActive(weekly, new Date('2026-11-29T00:59:00Z'))).toBe(false);
    expect(isSilenceActive(weekly, new Date('2026-11-29T01:00:00Z'))).toBe(true);
    expect(isSilenceActive(weekly, new Date('2026-11-29T02:59:00Z'))).toBe(true);
    expect(isSilenceActive(weekly, new Date('2026-11-29T03:00:00Z'))).toBe(false);
    // Saturday, same hours: not silenced
    expect(isSilenceActive(weekly, new Date('2026-11-28T01:30:00Z'))).toBe(false);
    // Summer time (UTC+2): Sunday 5 July 2026 02:00 Paris = 00:00 UTC
    expect(isSilenceActive(weekly, new Date('2026-07-05T00:30:00Z'))).toBe(true);
  });

  it('handles windows crossing midnight', () => {
    const nightly = {
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: null,
      recurrence: { weekdays: [6], start: '23:00', end: '01:00', timeZone: 'UTC' },
    };
    expect(isSilenceActive(nightly, new Date('2026-11-28T23:30:00Z'))).toBe(true); // Saturday
    expect(isSilenceActive(nightly, new Date('2026-11-29T00:30:00Z'))).toBe(true); // Sunday morning
    expect(isSilenceActive(nightly, new Date('2026-11-29T23:30:00Z'))).toBe(false);
  });
});
