import { EVENT_NAME_PATTERN } from '../ingest/ingest-event.dto';
import { ValidationFailedException } from '@app/validation';

const DAY_MS = 86_400_000;
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400 };

export interface ReportRange {
  from: Date;
  to: Date;
}

/** Resolves optional from/to (ISO strings) against `now`; rejects from ≥ to and ranges over `maxDays`. */
export function resolveRange(
  query: { from?: string; to?: string },
  now: Date,
  defaultDays: number,
  maxDays: number,
): ReportRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * DAY_MS);
  if (Number.isNaN(from.getTime()))
    throw ValidationFailedException.of('from', 'invalid', 'from must be an ISO 8601 date');
  if (Number.isNaN(to.getTime()))
    throw ValidationFailedException.of('to', 'invalid', 'to must be an ISO 8601 date');
  if (from.getTime() >= to.getTime())
    throw ValidationFailedException.of('from', 'invalid', 'from must be before to');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS)
    throw ValidationFailedException.of('to', 'invalid', `the range from..to must be at most ${maxDays} days`);
  return { from, to };
}

/** True when the range reaches into the current UTC day (its figures still change: do not cache). */
export function includesToday(range: ReportRange, now: Date): boolean {
  const startOfToday = Date.parse(now.toISOString().slice(0, 10));
  return range.to.getTime() > startOfToday;
}

/** `30m`, `12h`, `7d` → seconds, between 1 minute and 90 days. */
export function parseWindow(value: string | undefined, fallback = '7d'): number {
  const text = value ?? fallback;
  const match = /^(\d{1,5})([mhd])$/.exec(text);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]] : NaN;
  if (!(seconds >= 60 && seconds <= 90 * 86400))
    throw ValidationFailedException.of(
      'window',
      'invalid',
      'window must be a duration such as 30m, 12h or 7d, between 1m and 90d',
    );
  return seconds;
}

/** `a,b,c` → distinct event names, 2 to 10 of them. */
export function parseSteps(value: string | undefined, fallback: string[]): string[] {
  const steps = value === undefined ? fallback : value.split(',').map((step) => step.trim());
  if (steps.length < 2 || steps.length > 10)
    throw ValidationFailedException.of(
      'steps',
      'invalid',
      `steps must list 2 to 10 event names, got ${steps.length}`,
    );
  const bad = steps.find((step) => !EVENT_NAME_PATTERN.test(step));
  if (bad !== undefined)
    throw ValidationFailedException.of(
      'steps',
      'invalid',
      `steps must be event names matching [a-z0-9_.:-]{1,64}, got "${bad}"`,
    );
  if (new Set(steps).size !== steps.length)
    throw ValidationFailedException.of('steps', 'invalid', 'steps must not repeat an event');
  return steps;
}
