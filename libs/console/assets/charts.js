// Charts with uPlot (loaded before the modules as a classic script). Each chart sits in a figure with
// a text label for screen readers; the pages put a table of the same numbers beside it.
import { ctx, fmt, h, zone } from './core.js';
import { t } from './i18n.js';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2'];
const BAND = 'rgba(37, 99, 235, 0.15)';

function sized(container) {
  return Math.max(280, Math.floor(container.clientWidth || container.parentElement.clientWidth || 600));
}

function mount(title, make) {
  const holder = h('div', { class: 'chart' });
  const figure = h(
    'figure',
    { class: 'chart-figure', role: 'img', 'aria-label': title },
    h('figcaption', null, title),
    holder,
  );
  // Drawn once the figure is in the page (its width is known), and redrawn on resize.
  requestAnimationFrame(() => {
    const plot = make(sized(holder));
    holder.append(plot.root);
    figure.dataset.drawn = 'true';
    new ResizeObserver(() => plot.setSize({ width: sized(holder), height: plot.height })).observe(holder);
  });
  return figure;
}

const tzDate = (seconds) => window.uPlot.tzDate(new Date(seconds * 1000), zone());

function axisFormat(format) {
  return (_u, values) => values.map((v) => (v === null ? '' : format(v)));
}

/**
 * Lines over time. x: ISO strings; series: [{label, values}]; band: {low, high, label} drawn as a
 * filled band behind the first series (a confidence interval).
 */
export function timeChart(title, x, series, { band, format = fmt.int, height = 260 } = {}) {
  return mount(title, (width) => {
    const xs = x.map((iso) => new Date(iso).getTime() / 1000);
    const data = [xs, ...series.map((s) => s.values)];
    const uSeries = [
      {
        label: t('when'),
        value: (_u, v) => (v === null ? '' : fmt.dateTime(new Date(v * 1000).toISOString())),
      },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        points: { show: xs.length < 40 },
        value: (_u, v) => format(v),
      })),
    ];
    const bands = [];
    if (band) {
      data.push(band.high, band.low);
      const hi = data.length - 2;
      uSeries.push({
        label: `${band.label} ↑`,
        stroke: 'rgba(37,99,235,0.35)',
        width: 1,
        value: (_u, v) => format(v),
      });
      uSeries.push({
        label: `${band.label} ↓`,
        stroke: 'rgba(37,99,235,0.35)',
        width: 1,
        value: (_u, v) => format(v),
      });
      bands.push({ series: [hi, hi + 1], fill: BAND });
    }
    return new window.uPlot(
      {
        width,
        height,
        tzDate,
        series: uSeries,
        bands,
        axes: [{}, { values: axisFormat(format), size: 60 }],
        scales: { x: { time: true } },
        legend: { live: true },
      },
      data,
    );
  });
}

/** Bars for categories (funnel steps, scores 0–10, variants). */
export function barChart(title, labels, series, { format = fmt.int, height = 260, xLabel = '' } = {}) {
  return mount(title, (width) => {
    const xs = labels.map((_l, i) => i);
    const bars = window.uPlot.paths.bars({ size: [0.6 / Math.max(1, series.length), 80], gap: 2 });
    return new window.uPlot(
      {
        width,
        height,
        series: [
          { label: xLabel, value: (_u, v) => (v === null ? '' : labels[v]) },
          ...series.map((s, i) => ({
            label: s.label,
            fill: COLORS[i % COLORS.length],
            stroke: COLORS[i % COLORS.length],
            paths: bars,
            points: { show: false },
            value: (_u, v) => format(v),
          })),
        ],
        scales: {
          x: { time: false, range: [-0.5, labels.length - 0.5] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            values: (_u, ticks) => ticks.map((v) => (Number.isInteger(v) ? (labels[v] ?? '') : '')),
            splits: () => xs,
            gap: 4,
          },
          { values: axisFormat(format), size: 60 },
        ],
        legend: { live: true },
      },
      [xs, ...series.map((s) => s.values)],
    );
  });
}

/**
 * Points with their interval (e.g. conversion rate with its Wilson 95% interval) per category: the
 * interval is a band between the low and high series.
 */
export function intervalChart(
  title,
  labels,
  point,
  low,
  high,
  { format = fmt.pct, height = 240, xLabel = '' } = {},
) {
  return mount(title, (width) => {
    const xs = labels.map((_l, i) => i);
    return new window.uPlot(
      {
        width,
        height,
        series: [
          { label: xLabel, value: (_u, v) => (v === null ? '' : labels[v]) },
          {
            label: point.label,
            stroke: COLORS[0],
            width: 0,
            points: { show: true, size: 10, fill: COLORS[0] },
            value: (_u, v) => format(v),
          },
          {
            label: high.label,
            stroke: COLORS[0],
            width: 1,
            dash: [4, 4],
            points: { show: true, size: 6 },
            value: (_u, v) => format(v),
          },
          {
            label: low.label,
            stroke: COLORS[0],
            width: 1,
            dash: [4, 4],
            points: { show: true, size: 6 },
            value: (_u, v) => format(v),
          },
        ],
        bands: [{ series: [2, 3], fill: BAND }],
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((v) => (Number.isInteger(v) ? (labels[v] ?? '') : '')),
            splits: () => xs,
          },
          { values: axisFormat(format), size: 60 },
        ],
      },
      [xs, point.values, high.values, low.values],
    );
  });
}

export const chartLocale = ctx.lang;
