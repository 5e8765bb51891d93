import { ValidationFailedException } from '@app/validation';

export const REPORT_INTERVALS = ['day', 'week', 'month'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

const DAY_MS = 86_400_000;
const APPROX_MS: Record<ReportInterval, number> = { day: DAY_MS, week: 7 * DAY_MS, month: 28 * DAY_MS };
const MAX_BUCKETS = 1000;

export interface ReportRange {
  from: Date;
  to: Date;
  interval: ReportInterval;
}

/**
 * Resolves `from`/`to` query strings (ISO 8601; `to` defaults to now, `from` to `defaultDays` before
 * `to`) and checks that the range is ordered and yields at most 1000 intervals.
 */
export function resolveRange(
  query: { from?: string; to?: string; interval?: ReportInterval },
  now: Date,
  defaults: { days: number; interval: ReportInterval },
): ReportRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaults.days * DAY_MS);
  const interval = query.interval ?? defaults.interval;
  if (from.getTime() >= to.getTime())
    throw ValidationFailedException.of('from', 'invalid', 'from must be before to');
  if ((to.getTime() - from.getTime()) / APPROX_MS[interval] > MAX_BUCKETS) {
    throw ValidationFailedException.of(
      'to',
      'invalid',
      `from..to spans more than ${MAX_BUCKETS} ${interval} intervals`,
    );
  }
  return { from, to, interval };
}

/**
 * SQL for the interval starts covering [from, to) in the report time zone: `$from`, `$to`, `$interval`
 * and `$tz` are placeholders the caller numbers. Buckets are local-calendar days/weeks (ISO, Monday)/months.
 */
export function bucketSeriesSql(p: { from: string; to: string; interval: string; tz: string }): string {
  return `SELECT b AS local_start FROM generate_series(
      date_trunc(${p.interval}, ${p.from}::timestamptz AT TIME ZONE ${p.tz}),
      date_trunc(${p.interval}, (${p.to}::timestamptz - interval '1 microsecond') AT TIME ZONE ${p.tz}),
      ('1 ' || ${p.interval})::interval) b`;
}
