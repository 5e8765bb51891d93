/**
 * Cost of access control per request: `node -r ./bench/register.js bench/auth.bench.ts`
 *
 * One Nest app with the real AuthModule on PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL;
 * defaults: the local test servers; a temporary schema and key prefix, removed afterwards), served from
 * a child process. autocannon loads, in rotating order:
 *   open       @Public() route: the guard runs, nothing else (baseline)
 *   auth       admin route with a valid key: hash + in-memory cache hit
 *   auth+rl    ingest route with a valid key: the same + one Redis EVALSHA (rate limit)
 *   auth-nodb  like `auth` on a second app with API_KEY_CACHE_TTL_SECONDS=0 (a PostgreSQL look-up each time)
 * and prints req/s and p99 per round, the medians, and each variant's throughput / baseline.
 * Settings: BENCH_ROUNDS (3), BENCH_SECONDS (3), BENCH_CONNECTIONS (10).
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiKeyService, AuthModule, Public, RequireRole } from '@app/auth';
import { ClockModule } from '@app/clock';
import { ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/redis';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = env('BENCH_ROUNDS', 3);
const SECONDS = env('BENCH_SECONDS', 3);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

@Controller()
class BenchController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('admin')
  admin() {
    return { ok: true };
  }

  @Get('ingest')
  @RequireRole('ingest')
  ingest() {
    return { ok: true };
  }
}

/** Child process: serves the app, creates one admin and one ingest key, reports port and keys. */
async function serve(schema: string, prefix: string, cacheTtl: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    API_KEY_CACHE_TTL_SECONDS: cacheTtl,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  @Module({
    imports: [
      ConfigModule.forConfig(config),
      ClockModule.forRoot(),
      MetricsModule,
      DatabaseModule,
      RedisModule,
      AuthModule,
    ],
    controllers: [BenchController],
  })
  class BenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(BenchModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const keys = app.get(ApiKeyService);
  const admin = (await keys.create({ name: 'bench-admin', role: 'admin' })).key;
  const ingest = (await keys.create({ name: 'bench-ingest', role: 'ingest' })).key;
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port, admin, ingest });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

interface Server {
  child: ChildProcess;
  base: string;
  admin: string;
  ingest: string;
}

async function start(schema: string, prefix: string, cacheTtl: string): Promise<Server> {
  const child = fork(__filename, ['serve', schema, prefix, cacheTtl], {
    execArgv: ['-r', join(__dirname, 'register.js')],
  });
  const info = await new Promise<{ port: number; admin: string; ingest: string }>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${info.port}`, admin: info.admin, ingest: info.ingest };
}

async function load(url: string, key?: string): Promise<{ rps: number; p99: number }> {
  const headers = key ? { authorization: `Bearer ${key}` } : undefined;
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_auth_${id}`;
  const prefix = `pulse:bench:auth:${id}:`;
  // Sequential: both apps run the migrations of the shared schema at start.
  const cached = await start(schema, prefix, '30');
  const uncached = await start(schema, prefix, '0');
  const variants = {
    open: () => load(`${cached.base}/open`),
    auth: () => load(`${cached.base}/admin`, cached.admin),
    'auth+rl': () => load(`${cached.base}/ingest`, cached.ingest),
    'auth-nodb': () => load(`${uncached.base}/admin`, uncached.admin),
  };
  type Variant = keyof typeof variants;
  const names = Object.keys(variants) as Variant[];
  const results = Object.fromEntries(
    names.map((n) => [n, [] as Array<{ rps: number; p99: number }>]),
  ) as Record<Variant, Array<{ rps: number; p99: number }>>;
  try {
    console.log(
      `Access control cost: ${ROUNDS} rounds × ${SECONDS} s per variant, ${CONNECTIONS} connections`,
    );
    for (const name of names) await variants[name](); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) results[name].push(await variants[name]());
      console.log(
        `round ${round + 1}: ` +
          names
            .map((n) => `${n} ${results[n][round].rps.toFixed(0)} req/s p99 ${results[n][round].p99} ms`)
            .join(' | '),
      );
    }
    const baseline = median(results.open.map((r) => r.rps));
    for (const name of names) {
      const rps = median(results[name].map((r) => r.rps));
      const p99 = median(results[name].map((r) => r.p99));
      console.log(
        `${name.padEnd(10)} median ${rps.toFixed(0)} req/s, p99 ${p99} ms, ratio to open ${(rps / baseline).toFixed(3)}`,
      );
    }
  } finally {
    for (const server of [cached, uncached]) server.child.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pg = new Client({ connectionString: DATABASE_URL });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
    const redis = new Redis(REDIS_URL);
    const stale = await redis.keys(`${prefix}*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
  }
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3], process.argv[4], process.argv[5]);
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
