/**
 * Latency of a `@Cached` hit: `node -r ./bench/register.js bench/cache.bench.ts`
 *
 * Boots CacheModule on the Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379, own key prefix,
 * removed at the end) and measures, per call, with a report-like value (~2.5 kB JSON, 30 rows with Dates):
 *  - direct: the undecorated method (the floor: no cache at all);
 *  - raw GET: ioredis GET + JSON.parse of the same payload (the floor for any Redis cache);
 *  - hit: the @Cached method on a warm key (key hash, GET, tagged decode, metric);
 * each sequentially (one caller) and with 200 concurrent callers on 200 distinct warm keys (no single
 * flight merging), in interleaved rounds. Prints p50/p99 per round, medians, and hit/raw-GET ratios.
 * Target: hit p99 < 2 ms. Settings: BENCH_ROUNDS (3), BENCH_CALLS (4000).
 */
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getToken } from '@willsoto/nestjs-prometheus';
import Redis from 'ioredis';
import { Counter } from 'prom-client';
import { randomBytes } from 'node:crypto';
import { CacheModule, CacheService, Cached } from '@app/cache';
import { ConfigModule, loadConfig } from '@app/config';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/redis';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const CONCURRENCY = 200;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function makeReport(seed: number) {
  const start = Date.UTC(2026, 9, 1);
  return {
    from: new Date(start),
    to: new Date(start + 30 * 86_400_000),
    seed,
    rows: Array.from({ length: 30 }, (_, i) => ({
      day: new Date(start + i * 86_400_000),
      users: 1000 + i * 7 + seed,
      ratio: (i + 1) / 31,
      label: `day-${i}`,
    })),
  };
}

@Injectable()
class Reports {
  async direct(seed: number) {
    return makeReport(seed);
  }

  @Cached({ ttl: 600, name: 'bench.report' })
  async cached(seed: number) {
    return makeReport(seed);
  }
}

@Module({ providers: [Reports] })
class ReportsModule {}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures {
  p50: number;
  p99: number;
}

async function measure(
  calls: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (w: number) => {
    while (next < calls) {
      next++;
      const t0 = performance.now();
      await call(w);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function main(): Promise<void> {
  const prefix = `pulse:bench:${randomBytes(4).toString('hex')}:`;
  // A long timeout so that every measured call is a real hit: a 50 ms one fails open on a loaded machine
  // and would report the method's own speed instead. Results are counted and printed at the end.
  const config = loadConfig({
    NODE_ENV: 'production',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'error',
    CACHE_TIMEOUT_MS: process.env.BENCH_CACHE_TIMEOUT_MS ?? '5000',
  });
  @Module({
    imports: [ConfigModule.forConfig(config), MetricsModule, RedisModule, CacheModule, ReportsModule],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const reports = app.get(Reports);
  const cache = app.get(CacheService);
  const raw = new Redis(REDIS_URL, { enableAutoPipelining: true });
  const rawKey = `${prefix}raw`;
  await raw.set(rawKey, JSON.stringify(makeReport(0)));
  for (let seed = 0; seed < CONCURRENCY; seed++) await reports.cached(seed); // warm every key
  for (let seed = 0; seed < CONCURRENCY; seed++)
    await raw.set(`${rawKey}:${seed}`, JSON.stringify(makeReport(seed)));
  // Warm-up (JIT), not measured.
  await measure(2000, 1, () => reports.cached(0));

  const variants: Array<[string, number, (w: number) => Promise<unknown>]> = [
    ['direct, 1 caller', 1, () => reports.direct(0)],
    ['raw GET, 1 caller', 1, async () => JSON.parse((await raw.get(rawKey))!)],
    ['hit, 1 caller', 1, () => reports.cached(0)],
    ['direct, 200 callers', CONCURRENCY, (w) => reports.direct(w)],
    ['raw GET, 200 callers', CONCURRENCY, async (w) => JSON.parse((await raw.get(`${rawKey}:${w}`))!)],
    ['hit, 200 callers', CONCURRENCY, (w) => reports.cached(w)],
  ];
  const results = new Map<string, Figures[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, concurrency, call] of round % 2 ? variants : [...variants].reverse()) {
      const figures = await measure(CALLS, concurrency, call);
      results.set(name, [...(results.get(name) ?? []), figures]);
      console.log(
        `round ${round} ${name.padEnd(22)} p50 ${figures.p50.toFixed(3)} ms  p99 ${figures.p99.toFixed(3)} ms`,
      );
    }
  }
  console.log(
    `\nmedians of ${ROUNDS} rounds, ${CALLS} calls each (payload ${JSON.stringify(makeReport(0)).length} B):`,
  );
  const med = (name: string) => {
    const rounds = results.get(name)!;
    return { p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)) };
  };
  for (const [name] of variants) {
    const m = med(name);
    console.log(`${name.padEnd(22)} p50 ${m.p50.toFixed(3)} ms  p99 ${m.p99.toFixed(3)} ms`);
  }
  for (const callers of ['1 caller', '200 callers']) {
    const hit = med(`hit, ${callers}`);
    const get = med(`raw GET, ${callers}`);
    console.log(
      `hit / raw GET (${callers}): p50 x${(hit.p50 / get.p50).toFixed(2)}, p99 x${(hit.p99 / get.p99).toFixed(2)}`,
    );
  }
  const counter = app.get<Counter<'cache' | 'result'>>(getToken('cache_requests_total'));
  const outcomes = (await counter.get()).values.filter((v) => v.labels.cache === 'bench.report');
  console.log(`cache results: ${outcomes.map((v) => `${v.labels.result}=${v.value}`).join(' ')}`);
  const target = med('hit, 200 callers').p99 < 2 && med('hit, 1 caller').p99 < 2;
  console.log(`target hit p99 < 2 ms: ${target ? 'met' : 'NOT met'}`);

  await cache.evictAll('bench.report');
  await raw.del(rawKey, ...Array.from({ length: CONCURRENCY }, (_, i) => `${rawKey}:${i}`));
  raw.disconnect();
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
