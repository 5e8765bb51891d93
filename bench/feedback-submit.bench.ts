/**
 * Feedback submission while Slack is slow: `node -r ./bench/register.js bench/feedback-submit.bench.ts`
 *
 * Boots the real API (a fresh schema of the local test database each run), with SLACK_WEBHOOK_URL pointing at
 * a stub on 127.0.0.1 that answers at once (baseline), then after BENCH_SLACK_DELAY_MS (default 2000),
 * and drives POST /api/v1/feedback with autocannon (BENCH_CONNECTIONS, default 10, for BENCH_SECONDS,
 * default 10, after a 2 s warm-up), alternating BENCH_ROUNDS (default 3) times. The outbox delivers in the background; the claim is that the slow
 * target does not move submission latency.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '@app/auth';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { cleanupIsolation } from '../test/utils/test-env';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SLOW_MS = Number(process.env.BENCH_SLACK_DELAY_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A fresh schema per run, so that one run's outbox backlog does not weigh on the next. */
function newIsolation() {
  const id = randomBytes(3).toString('hex');
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisClusterNodes: [] as string[],
    schema: `bench_feedback_${id}`,
    keyPrefix: `pulse:bench:feedback:${id}:`,
  };
}

interface Figures {
  requests: number;
  non2xx: number;
  rps: number;
  p50: number;
  p99: number;
  outbox: Record<string, number>;
}

async function scenario(slackDelayMs: number): Promise<Figures> {
  const isolation = newIsolation();
  const stub = await new WebhookStub().start();
  stub.respond = () => ({ status: 200, delayMs: slackDelayMs });
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    LOG_DIR: `/tmp/pulse-bench-logs/${isolation.schema}`,
    DATABASE_URL: isolation.databaseUrl,
    DATABASE_SCHEMA: isolation.schema,
    REDIS_URL: isolation.redisUrl,
    REDIS_KEY_PREFIX: isolation.keyPrefix,
    JOBS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    SLACK_WEBHOOK_URL: stub.url(),
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  try {
    const { key } = await app.get(ApiKeyService).create({ name: 'bench', role: 'ingest' });
    const address = app.getHttpServer().address() as { port: number };
    const options = {
      url: `http://127.0.0.1:${address.port}/api/v1/feedback`,
      method: 'POST' as const,
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'bug',
        message: 'Export crashes when the report is large. 导出大报表时经常闪退，很失望',
        metadata: { page: '/reports', build: 412 },
      }),
    };
    await autocannon({ ...options, duration: 2 });
    const result = await autocannon({ ...options, duration: SECONDS });
    const rows: Array<{ status: string; n: number }> = await app
      .get(DataSource)
      .query(`SELECT status, count(*)::int AS n FROM outbox_messages GROUP BY status`);
    return {
      requests: result.requests.total,
      non2xx: result.non2xx,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      outbox: Object.fromEntries(rows.map((row) => [row.status, row.n])),
    };
  } finally {
    await app.close();
    await stub.close();
    await cleanupIsolation(isolation);
  }
}

/** Median of each figure separately (the outbox counts are those of the last run). */
function medianOf(runs: Figures[]): Figures {
  const mid = (pick: (f: Figures) => number) =>
    [...runs.map(pick)].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return {
    requests: mid((f) => f.requests),
    non2xx: mid((f) => f.non2xx),
    rps: mid((f) => f.rps),
    p50: mid((f) => f.p50),
    p99: mid((f) => f.p99),
    outbox: runs[runs.length - 1].outbox,
  };
}

async function main(): Promise<void> {
  // Alternate the scenarios so that warm-up and the machine's load drift hit both alike.
  const fastRuns: Figures[] = [];
  const slowRuns: Figures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    fastRuns.push(await scenario(0));
    slowRuns.push(await scenario(SLOW_MS));
  }
  const fast = medianOf(fastRuns);
  const slow = medianOf(slowRuns);
  const show = (name: string, f: Figures) =>
    console.log(
      `${name.padEnd(26)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  ` +
        `(${f.requests} requests, ${f.non2xx} non-2xx; outbox after run: ${JSON.stringify(f.outbox)})`,
    );
  fastRuns.forEach((f, i) => show(`Slack at once, round ${i + 1}`, f));
  slowRuns.forEach((f, i) => show(`Slack ${SLOW_MS} ms, round ${i + 1}`, f));
  show('median, Slack at once', fast);
  show(`median, Slack ${SLOW_MS} ms`, slow);
  console.log(
    `ratio slow/fast: p99 ×${(slow.p99 / fast.p99).toFixed(2)}, throughput ×${(slow.rps / fast.rps).toFixed(2)}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
