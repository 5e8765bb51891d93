import { DateTime } from 'luxon';
import { ReportKind } from './report.types';
import { ValidationFailedException } from '@app/validation';

/** A report period: whole local days [start, end] in a time zone, i.e. the instants [from, to). */
export interface ReportPeriod {
  kind: ReportKind;
  timeZone: string;
  start: string;
  end: string;
  from: Date;
  to: Date;
  days: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `YYYY-MM-DD` calendar date (400 naming `field` otherwise). */
export function parseReportDate(value: string, field = 'date'): string {
  if (!DATE.test(value) || !DateTime.fromISO(value, { zone: 'UTC' }).isValid)
    throw ValidationFailedException.of(
      field,
      'isDate',
      `${field} must be a calendar date YYYY-MM-DD, got "${value}"`,
    );
  return value;
}

/** The day, or the ISO week (Monday to Sunday) containing the date, in the time zone. */
export function reportPeriod(kind: ReportKind, date: string, timeZone: string): ReportPeriod {
  const day = DateTime.fromISO(parseReportDate(date), { zone: timeZone }).startOf('day');
  const first = kind === 'daily' ? day : day.startOf('week');
  return periodFrom(kind, first, kind === 'daily' ? 1 : 7);
}

/** The same period moved by whole days (previous day: -1, same day or week before: -7). */
export function shiftPeriod(period: ReportPeriod, days: number): ReportPeriod {
  const first = DateTime.fromISO(period.start, { zone: period.timeZone }).plus({ days });
  return periodFrom(period.kind, first, period.days.length);
}

/** The local date of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

function periodFrom(kind: ReportKind, first: DateTime, length: number): ReportPeriod {
  const days = Array.from({ length }, (_, i) => first.plus({ days: i }).toISODate()!);
  return {
    kind,
    timeZone: first.zoneName!,
    start: days[0],
    end: days[days.length - 1],
    // Calendar arithmetic: a day across a DST change is 23 or 25 hours long.
    from: first.toJSDate(),
    to: first.plus({ days: length }).toJSDate(),
    days,
  };
}
