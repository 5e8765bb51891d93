import { UsageError } from '../exit-codes';
import { resolveReportDate } from './report.command';

describe('resolveReportDate (the day `pulse report` builds)', () => {
  // 2026-12-03 01:30 UTC is still 2026-12-02 in New York.
  const now = new Date('2026-12-03T01:30:00Z');

  it('defaults to yesterday in REPORT_TIMEZONE', () => {
    expect(resolveReportDate(undefined, now, 'UTC')).toBe('2026-12-02');
    expect(resolveReportDate(undefined, now, 'America/New_York')).toBe('2026-12-01');
    expect(resolveReportDate(undefined, now, 'Asia/Tokyo')).toBe('2026-12-02');
  });

  it('takes a past date or today as given', () => {
    expect(resolveReportDate('2026-11-20', now, 'UTC')).toBe('2026-11-20');
    expect(resolveReportDate('2026-12-03', now, 'UTC')).toBe('2026-12-03');
  });

  it('refuses a future date, judged in the report time zone', () => {
    expect(() => resolveReportDate('2026-12-03', now, 'America/New_York')).toThrow(
      new UsageError('--date 2026-12-03 is in the future (today is 2026-12-02 in America/New_York)'),
    );
    expect(() => resolveReportDate('2027-01-01', now, 'UTC')).toThrow(UsageError);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => resolveReportDate('2026-02-30', now, 'UTC')).toThrow(/calendar date/);
    expect(() => resolveReportDate('yesterday', now, 'UTC')).toThrow(/calendar date/);
  });
});
