/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The console's overview in Chromium: `node -r ./bench/register.js bench/console-overview.bench.ts`
 *
 * Boots the real app on its own schema (local test PostgreSQL and Redis by default), seeds BENCH_USERS
 * users' events over BENCH_DAYS days and NPS answers through the HTTP API, signs in, then loads the
 * overview BENCH_RUNS times and prints the median time from navigation start to every chart drawn, next
 * to the median time of the page's JSON calls alone (the same 9 requests, in parallel, from Node with the
 * session cookie), and their ratio: what the page adds on top of the data.
 */
import { AddressInfo } from 'node:net';
import { ApiKeyService } from '@app/auth';
import { drawn, launchChromium } from '../test/utils/console-browser';

process.env.TEST_DATABASE_URL ??=
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
process.env.TEST_REDIS_URL ??= process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const USERS = Number(process.env.BENCH_USERS ?? 2000);
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const DAY_MS = 86_400_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const { createTestApp } = await import('../test/utils/test-app');
  const t = await createTestApp({ label: 'benchconsole' });
  const browser = await launchChromium();
  try {
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const keys = t.app.get(ApiKeyService);
    const admin = (await keys.create({ name: 'bench', role: 'admin' })).key;
    const ingest = (await keys.create({ name: 'bench-ingest', role: 'ingest' })).key;
    const send = (path: string, body: unknown) =>
      fetch(`${base}/api/v1${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ingest}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const now = Date.now();
    let batch: object[] = [];
    for (let u = 0; u < USERS; u += 1) {
      for (let d = u % 3; d < DAYS; d += 1 + (u % 4)) {
        batch.push({
          userId: `u${u}`,
          event: 'view_landing',
          timestamp: new Date(now - d * DAY_MS - 60_000).toISOString(),
        });
        if (batch.length === 500) {
          await send('/events', batch);
          batch = [];
        }
      }
    }
    if (batch.length) await send('/events', batch);
    for (let u = 0; u < Math.min(USERS, 1000); u += 1) await send('/nps', { userId: `u${u}`, score: u % 11 });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/sign-in`);
    await page.fill('#key', admin);
    await page.press('#key', 'Enter');
    await page.waitForURL(`${base}/console/`);
    await drawn(page);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    const pageTimes: number[] = [];
    const jsonTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto(`${base}/console/`);
      await drawn(page);
      pageTimes.push(await page.evaluate(() => performance.now()));
      const to = new Date().toISOString();
      const since = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
      const q = (days: number) => `from=${encodeURIComponent(since(days))}&to=${encodeURIComponent(to)}`;
      const urls = [
        `/admin/reports/active-users?${q(30)}`,
        `/admin/reports/nps?${q(30)}&interval=month`,
        `/admin/reports/activation?${q(30)}&interval=day`,
        `/admin/reports/feedback?${q(7)}&interval=week`,
        '/admin/alerts?status=firing&limit=500',
        '/admin/alerts?status=acknowledged&limit=500',
        '/admin/incidents?limit=100',
        '/admin/jobs',
        '/admin/reports/daily',
      ];
      const start = performance.now();
      await Promise.all(
        urls.map((url) =>
          fetch(`${base}/api/v1${url}`, { headers: { Cookie: cookie } }).then((r) => r.text()),
        ),
      );
      jsonTimes.push(performance.now() - start);
    }
    const pageMs = median(pageTimes);
    const jsonMs = median(jsonTimes);
    console.log(`overview: ${USERS} users over ${DAYS} days, ${RUNS} loads (median)`);
    console.log(`navigation start → every chart drawn: ${pageMs.toFixed(0)} ms`);
    console.log(`the 9 JSON calls alone (parallel):      ${jsonMs.toFixed(0)} ms`);
    console.log(`ratio page / JSON:                      ${(pageMs / jsonMs).toFixed(2)}`);
  } finally {
    await browser.close();
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
