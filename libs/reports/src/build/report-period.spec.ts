import { localDate, parseReportDate, reportPeriod, shiftPeriod } from './report-period';

describe('report periods', () => {
  it('a daily period is the local day, as instants in UTC', () => {
    const period = reportPeriod('daily', '2026-11-20', 'Asia/Shanghai');
    expect(period).toMatchObject({ start: '2026-11-20', end: '2026-11-20', days: ['2026-11-20'] });
    expect(period.from.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(period.to.toISOString()).toBe('2026-11-20T16:00:00.000Z');
  });

  it('a weekly period is the ISO week (Monday to Sunday) containing the date', () => {
    const period = reportPeriod('weekly', '2026-11-20', 'UTC'); // a Friday
    expect(period.start).toBe('2026-11-16');
    expect(period.end).toBe('2026-11-22');
    expect(period.days).toHaveLength(7);
    expect(shiftPeriod(period, -7)).toMatchObject({ start: '2026-11-09', end: '2026-11-15' });
  });

  it('a day across a DST change keeps its calendar length (23 h)', () => {
    const period = reportPeriod('daily', '2026-03-29', 'Europe/Paris');
    expect(period.to.getTime() - period.from.getTime()).toBe(23 * 3600 * 1000);
  });

  it('shifts by whole days and reads local dates', () => {
    const previous = shiftPeriod(reportPeriod('daily', '2026-03-01', 'UTC'), -1);
    expect(previous.start).toBe('2026-02-28');
    expect(localDate(new Date('2026-11-20T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-21');
  });

  it('rejects what is not a calendar date, naming the field', () => {
    expect(() => parseReportDate('2026-02-30')).toThrow(/date must be a calendar date/);
    expect(() => parseReportDate('20261120', '--date')).toThrow(/--date must be/);
  });
});
