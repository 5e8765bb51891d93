/**
 * A latency histogram that can be added across replicas and days: per-bucket (not cumulative) counts
 * for the finite upper bounds plus a last +Inf bucket, like http_request_duration_seconds.
 */
export interface LatencyHistogram {
  bounds: number[];
  /** bounds.length + 1 counts; counts[i] = observations in (bounds[i-1], bounds[i]], last = above all. */
  counts: number[];
}

export function emptyHistogram(bounds: readonly number[]): LatencyHistogram {
  return { bounds: [...bounds], counts: new Array<number>(bounds.length + 1).fill(0) };
}

/** Index of the bucket holding `seconds` (le semantics: a value equal to a bound falls in that bucket). */
export function bucketIndex(bounds: readonly number[], seconds: number): number {
  const index = bounds.findIndex((bound) => seconds <= bound);
  return index === -1 ? bounds.length : index;
}

/** Adds b into a; histograms with other bounds cannot be added (their counts would be misread). */
export function addHistograms(a: LatencyHistogram, b: LatencyHistogram): LatencyHistogram {
  if (a.bounds.length !== b.bounds.length || a.bounds.some((bound, i) => bound !== b.bounds[i]))
    throw new Error('latency histograms with different buckets cannot be added');
  return { bounds: a.bounds, counts: a.counts.map((count, i) => count + b.counts[i]) };
}

/**
 * The q-quantile estimated as Prometheus' histogram_quantile does: find the bucket where the
 * cumulative count reaches q·total and interpolate linearly inside it (the first bucket starts at 0).
 * A rank that lands in the +Inf bucket returns the highest finite bound. Null without observations.
 */
export function histogramQuantile(q: number, histogram: LatencyHistogram): number | null {
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    const count = histogram.counts[i];
    if (cumulative + count >= rank && count > 0) {
      if (i === histogram.bounds.length) return histogram.bounds[histogram.bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : histogram.bounds[i - 1];
      const upper = histogram.bounds[i];
      return lower + (upper - lower) * ((rank - cumulative) / count);
    }
    cumulative += count;
  }
  return histogram.bounds[histogram.bounds.length - 1] ?? null;
}
