import { ActiveUsersStore } from '@app/activity';
import { TestApp, createTestApp } from './utils/test-app';
import { newIsolation } from './utils/test-env';
import { TcpProxy, hostPort } from './utils/tcp-proxy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A hung Redis (connected, never answering) costs ingest nothing after the first request that notices:
 * the rate limiter, the active-users mark and the exposure recorder skip it through one shared breaker.
 */
describe('a hung Redis (e2e)', () => {
  const isolation = newIsolation('redis-hung');
  const redisProxy = new TcpProxy(hostPort(isolation.redisUrl).host, hostPort(isolation.redisUrl).port);
  let t: TestApp;
  let ingest: string;

  beforeAll(async () => {
    await redisProxy.start();
    t = await createTestApp({
      isolation: { ...isolation, redisUrl: redisProxy.rewrite(isolation.redisUrl) },
    });
    ingest = await t.keyFor('ingest');
  });

  afterAll(async () => {
    await redisProxy.restore().catch(() => undefined);
    await t.close();
    await redisProxy.stop();
  });

  async function timedEvents(n: number, tag: string): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = Date.now();
      await t.http
        .post('/api/v1/events')
        .set('Authorization', `Bearer ${ingest}`)
        .send({ userId: `${tag}-${i}`, event: 'page_view' })
        .expect(202);
      times.push(Date.now() - started);
    }
    return times;
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  it('adds at most a few ms per ingest request once the first one noticed, and uses Redis again after', async () => {
    const healthy = await timedEvents(15, 'before');
    redisProxy.blackhole();
    await timedEvents(1, 'notice'); // waits for one Redis timeout (250 ms) and opens the breaker
    const hung = await timedEvents(20, 'hung');
    // Before the breaker every request waited 250 ms for the rate limiter and 250 ms more for active users.
    expect(Math.max(...hung)).toBeLessThan(200);
    expect(median(hung)).toBeLessThan(median(healthy) + 25);

    await redisProxy.restore();
    await sleep(1500); // the breaker's PING probe runs every 500 ms
    const ready = await t.http.get('/api/v1/health/ready');
    expect(ready.status).toBe(200);
    const before = await t.app.get(ActiveUsersStore).count(new Date(), 1);
    await timedEvents(1, 'after-2');
    expect(await t.app.get(ActiveUsersStore).count(new Date(), 1)).toBe(before + 1);
  }, 30000);
});
