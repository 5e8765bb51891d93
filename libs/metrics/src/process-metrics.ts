import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, register } from 'prom-client';
import { getHeapStatistics } from 'node:v8';

/** Scrapes closer together than this reuse the last value instead of measuring a tiny, noisy window. */
const MIN_CPU_WINDOW_MS = 1000;

/**
 * CPU time used by this process as a percent of one core, over the interval since the previous
 * measurement (the scrape interval, typically). 100 = one core fully busy; GC and worker threads can
 * take it above 100. Cumulative seconds stay available as prom-client's process_cpu_seconds_total.
 */
export class CpuUsageSampler {
  private lastCpu: NodeJS.CpuUsage;
  private lastAt: bigint;
  private lastPercent: number;

  constructor(
    private readonly cpuUsage: () => NodeJS.CpuUsage = () => process.cpuUsage(),
    private readonly now: () => bigint = () => process.hrtime.bigint(),
    uptimeSeconds: number = process.uptime(),
  ) {
    this.lastCpu = cpuUsage();
    this.lastAt = now();
    // Until a first interval is measured: the average since the process started.
    const cpu = this.lastCpu.user + this.lastCpu.system;
    this.lastPercent = uptimeSeconds > 0 ? (cpu / 1e6 / uptimeSeconds) * 100 : 0;
  }

  percent(): number {
    const at = this.now();
    const elapsedMicros = Number(at - this.lastAt) / 1e3;
    if (elapsedMicros < MIN_CPU_WINDOW_MS * 1e3) return this.lastPercent;
    const current = this.cpuUsage();
    const usedMicros = current.user - this.lastCpu.user + (current.system - this.lastCpu.system);
    this.lastCpu = current;
    this.lastAt = at;
    this.lastPercent = (usedMicros / elapsedMicros) * 100;
    return this.lastPercent;
  }
}

const cpu = new CpuUsageSampler();

export const PROCESS_METRICS = [
  makeGaugeProvider({
    name: 'process_cpu_usage_percent',
    help: 'CPU used by this process over the last interval between scrapes, in percent of one core.',
    collect() {
      this.set(cpu.percent());
    },
  }),
  makeGaugeProvider({
    name: 'process_memory_usage_bytes',
    help: 'V8 heap used by this process, in bytes.',
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  }),
  makeGaugeProvider({
    name: 'process_heap_limit_bytes',
    help: "V8's heap size limit (--max-old-space-size plus the young generation), in bytes: what HighMemoryUsage compares heap used with.",
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  }),
];

/**
 * Gauges that prom-client names `_total`, which `promtool check metrics` rejects (only counters may end
 * in `_total`); `sum(nodejs_active_handles)` etc. give the same numbers.
 */
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * prom-client's default process and Node.js metrics (event-loop lag, GC, heap spaces, handles…).
 * Registered once per process: tests build several apps in one process and prom-client throws when a
 * metric name is registered twice.
 */
export function ensureDefaultMetrics(): void {
  if (register.getSingleMetric('nodejs_eventloop_lag_seconds')) return;
  collectDefaultMetrics({ register });
  for (const name of MISNAMED_DEFAULT_METRICS) register.removeSingleMetric(name);
}
