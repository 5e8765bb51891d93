import { DataSource } from 'typeorm';
import { TestApp, createTestApp } from './utils/test-app';
import { cleanupIsolation, newIsolation, singleNode } from './utils/test-env';
import { TcpProxy, hostPort } from './utils/tcp-proxy';

describe('event ingestion while Redis is down (e2e)', () => {
  const isolation = newIsolation('activity-outage');
  const redisProxy = new TcpProxy(hostPort(isolation.redisUrl).host, hostPort(isolation.redisUrl).port);
  let t: TestApp;

  beforeAll(async () => {
    await redisProxy.start();
    t = await createTestApp({
      isolation: singleNode(isolation, redisProxy.rewrite(isolation.redisUrl)),
    });
  });

  afterAll(async () => {
    await redisProxy.restore().catch(() => undefined);
    await t.close();
    await redisProxy.stop();
    await cleanupIsolation(isolation);
  });

  it('still stores events (202) and the exact daily table; Redis only loses its approximate mark', async () => {
    const key = await t.keyFor('ingest');
    await redisProxy.stop();
    const started = Date.now();
    const res = await t.http
      .post('/api/v1/events')
      .set('Authorization', `Bearer ${key}`)
      .send([
        { userId: 'out-1', event: 'page_view' },
        { userId: 'out-2', event: 'page_view' },
      ])
      .expect(202);
    expect(res.body).toEqual({ received: 2, stored: 2, duplicates: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      `SELECT count(*)::int AS n FROM user_daily_activity WHERE user_id IN ('out-1', 'out-2')`,
    );
    expect(row.n).toBe(2);
  });
});
