/**
 * Alert pipeline under an alert storm: `node -r ./bench/register.js bench/alerting.bench.ts`
 *
 * Boots the real app on its own schema (local test PostgreSQL and Redis by default) and pushes alerts
 * through AlertPipeline.process with BENCH_CONCURRENCY (default 20) in flight, in the same run:
 * (a) a storm of ONE fingerprint (every call queues on the row lock; all but the first are deduplicated,
 * nothing is enqueued) and (b) BENCH_ALERTS distinct fingerprints (insert + dedup claim + outbox enqueue).
 * Prints alerts/s for each and the ratio storm / distinct. Outbox delivery is off (no targets).
 */
import { ManualClock } from '@app/clock';
import { AlertPipeline } from '@app/alerting';
import { DataSource } from 'typeorm';

process.env.TEST_DATABASE_URL ??=
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
process.env.TEST_REDIS_URL ??= process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

async function pump(count: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return (count / (performance.now() - start)) * 1000;
}

async function main(): Promise<void> {
  // Loaded after the env defaults above: test-env reads them.
  const { createTestApp } = await import('../test/utils/test-app');
  const t = await createTestApp({
    label: 'benchalert',
    clock: new ManualClock(new Date()),
    env: { OUTBOX_POLL_MS: '0' },
  });
  try {
    const pipeline = t.app.get(AlertPipeline);
    const alert = (labels: Record<string, string>) =>
      pipeline.process({ labels, annotations: { summary: 'bench' }, status: 'firing', source: 'manual' });
    await pump(50, (i) => alert({ alertname: 'Warmup', instance: `w${i}`, severity: 'warning' }));
    const storm = await pump(ALERTS, () =>
      alert({ alertname: 'Storm', instance: 'api-1', severity: 'warning' }),
    );
    const distinct = await pump(ALERTS, (i) =>
      alert({ alertname: 'Distinct', instance: `i${i}`, severity: 'warning' }),
    );
    const [{ n }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM outbox_messages WHERE payload::text LIKE '%Storm%'`);
    console.log(`alerts: ${ALERTS} per case, concurrency ${CONCURRENCY}`);
    console.log(`storm of one fingerprint: ${storm.toFixed(0)} alerts/s (notifications enqueued: ${n})`);
    console.log(`distinct fingerprints:    ${distinct.toFixed(0)} alerts/s`);
    console.log(`ratio storm / distinct:   ${(storm / distinct).toFixed(2)}`);
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
