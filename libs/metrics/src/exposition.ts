import { Histogram, Registry } from 'prom-client';

/** prom-client's own series record of a histogram (stable across prom-client 15; checked before use). */
interface HistogramSeries {
  labels: Record<string, string | number>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}
interface HistogramInternals {
  name: string;
  help: string;
  hashMap?: Record<string, HistogramSeries>;
  upperBounds?: readonly number[];
  enableExemplars?: boolean;
  collect?: unknown;
}

/**
 * The Prometheus text exposition of a registry, byte for byte what `registry.metrics()` writes, as
 * chunks to send in order. Histograms are rendered from their series, and each series' lines are kept
 * encoded until the series changes: prom-client builds and formats an object per bucket line (16 per
 * series) and the whole text is joined and encoded again on every scrape, which with 1,000 HTTP label
 * sets cost ~50 ms of CPU per scrape here, mostly for series that had not moved since the last one.
 * Anything unusual (exemplars, a collect callback, default labels, OpenMetrics) goes through
 * prom-client unchanged; a unit test keeps the output identical to prom-client's.
 */
export async function renderMetrics(registry: Registry): Promise<Buffer[]> {
  const defaultLabels = (registry as unknown as { _defaultLabels?: object })._defaultLabels;
  if (
    registry.contentType !== Registry.PROMETHEUS_CONTENT_TYPE ||
    defaultLabels === undefined ||
    Object.keys(defaultLabels).length > 0
  ) {
    return [Buffer.from(await registry.metrics(), 'utf8')];
  }
  const metrics = await Promise.all(
    registry
      .getMetricsAsArray()
      .map(
        async (metric) =>
          (metric instanceof Histogram ? histogramChunks(metric) : undefined) ?? [
            Buffer.from(await registry.getSingleMetricAsString(metric.name), 'utf8'),
          ],
      ),
  );
  const chunks: Buffer[] = [];
  metrics.forEach((metric, i) => chunks.push(...(i > 0 ? [METRIC_SEPARATOR] : []), ...metric));
  chunks.push(NEWLINE);
  return chunks;
}

const NEWLINE = Buffer.from('\n');
const METRIC_SEPARATOR = Buffer.from('\n\n');

/** The encoded lines of a series (with a leading newline), valid while its count and sum stay the same. */
const renderedSeries = new WeakMap<HistogramSeries, { count: number; sum: number; bytes: Buffer }>();

/** One histogram in the text format, or undefined when it needs prom-client's general path. */
export function histogramChunks(histogram: Histogram): Buffer[] | undefined {
  const { name, help, hashMap, upperBounds, enableExemplars, collect } =
    histogram as unknown as HistogramInternals;
  if (!hashMap || !upperBounds || enableExemplars || collect) return undefined;
  const metric = escapeString(name);
  const chunks: Buffer[] = [
    Buffer.from(`# HELP ${metric} ${escapeString(help)}\n# TYPE ${metric} histogram`, 'utf8'),
  ];
  let heads: string[] | undefined;
  for (const series of Object.values(hashMap)) {
    if (typeof series?.bucketValues !== 'object' || typeof series.labels !== 'object') return undefined;
    const cached = renderedSeries.get(series);
    if (cached && cached.count === series.count && cached.sum === series.sum) {
      chunks.push(cached.bytes);
      continue;
    }
    heads ??= upperBounds.map((bound) => `${name}_bucket{le="${bound}"`);
    const bytes = Buffer.from(`\n${seriesText(name, upperBounds, heads, series)}`, 'utf8');
    renderedSeries.set(series, { count: series.count, sum: series.sum, bytes });
    chunks.push(bytes);
  }
  return chunks;
}

function seriesText(
  name: string,
  upperBounds: readonly number[],
  heads: string[],
  series: HistogramSeries,
): string {
  let labels = '';
  for (const label in series.labels) {
    labels += `${labels ? ',' : ''}${label}="${escapeLabelValue(series.labels[label])}"`;
  }
  const tail = labels ? `,${labels}} ` : '} ';
  const plain = labels ? `{${labels}} ` : ' ';
  const lines: string[] = [];
  let cumulative = 0;
  for (let i = 0; i < upperBounds.length; i++) {
    cumulative += series.bucketValues[upperBounds[i]];
    lines.push(`${heads[i]}${tail}${valueText(cumulative)}`);
  }
  lines.push(
    `${name}_bucket{le="+Inf"${tail}${valueText(series.count)}`,
    `${name}_sum${plain}${valueText(series.sum)}`,
    `${name}_count${plain}${valueText(series.count)}`,
  );
  return lines.join('\n');
}

// The escaping and number formatting of prom-client's registry.
function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(value: string | number): string | number {
  return typeof value === 'string' ? escapeString(value).replace(/"/g, '\\"') : value;
}

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}
