const DAY_MS = 86_400_000;

/** `2026-11-22` for the UTC day containing `at`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The `count` UTC days ending with the day of `at`, newest first. */
export function utcDaysEnding(at: Date, count: number): string[] {
  const start = Date.parse(utcDay(at));
  return Array.from({ length: count }, (_, i) => utcDay(new Date(start - i * DAY_MS)));
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(day) + days * DAY_MS));
}
