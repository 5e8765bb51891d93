export interface DurationSummary {
  count: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
}

/** Mean and median of durations in seconds (null without samples); the median of an even count is the mean of the middle two. */
export function summarizeDurations(seconds: readonly number[]): DurationSummary {
  if (seconds.length === 0) return { count: 0, meanSeconds: null, medianSeconds: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { count: sorted.length, meanSeconds: round(mean), medianSeconds: round(median) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
