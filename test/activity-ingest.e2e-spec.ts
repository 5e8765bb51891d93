import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { ActiveUsersStore } from '@app/activity';
import { TestApp, createTestApp } from './utils/test-app';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('event ingestion (e2e)', () => {
  let t: TestApp;
  let ingestKey: string;
  let db: DataSource;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    t = await createTestApp({ label: 'activity-ingest', clock });
    ingestKey = await t.keyFor('ingest');
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, key = ingestKey) =>
    t.http
      .post('/api/v1/events')
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);

  const countEvents = async (userId: string): Promise<number> =>
    Number((await db.query(`SELECT count(*) AS n FROM analytics_events WHERE user_id = $1`, [userId]))[0].n);

  it('requires an ingest key', async () => {
    await t.http.post('/api/v1/events').send({ userId: 'u', event: 'x' }).expect(401);
    const admin = await t.keyFor('admin');
    await post({ userId: 'u', event: 'x' }, admin).expect(403);
  });

  it('stores one event, defaulting its time to now, and answers 202 after commit', async () => {
    const res = await post({ userId: 'single-1', event: 'page_view', properties: { path: '/' } }).expect(202);
    expect(res.body).toEqual({ received: 1, stored: 1, duplicates: 0 });
    const rows = await db.query(
      `SELECT event, occurred_at, properties FROM analytics_events WHERE user_id = 'single-1'`,
    );
    expect(rows).toEqual([{ event: 'page_view', occurred_at: NOW, properties: { path: '/' } }]);
  });

  it('names each bad field of a single event', async () => {
    const res = await post({ userId: '', event: 'Bad Name', timestamp: 'yesterday', extra: 1 }).expect(400);
    expect(res.body.message).toContain('userId must be 1 to 256 characters');
    expect(res.body.message).toContain('event must match [a-z0-9_.:-]{1,64}');
    expect(res.body.message).toContain('timestamp must be an ISO 8601 date-time');
    expect(res.body.message).toContain('extra is not an allowed field');
  });

  it('rejects a whole batch naming the index and rule of every bad item, storing nothing', async () => {
    const batch = [
      { userId: 'batch-1', event: 'ok_event' },
      { userId: 'batch-1', event: 'ok_event', timestamp: '2026-11-24T12:00:01Z' },
      { userId: 'batch-1', event: 'ok_event', timestamp: '2026-10-23T11:59:59Z' },
      { userId: 'batch-1', event: 'UPPER' },
      { userId: 'batch-1', event: 'ok_event', properties: { big: 'x'.repeat(5000) } },
      { userId: 'batch-1', event: 'ok_event', properties: [1, 2] },
      'not an object',
      { event: 'ok_event' },
    ];
    const res = await post(batch).expect(400);
    expect(res.body.statusCode).toBe(400);
    const message: string = res.body.message;
    expect(message).toContain('items[1].timestamp must not be more than 24 hours in the future');
    expect(message).toContain('items[2].timestamp must not be more than 30 days in the past');
    expect(message).toContain('items[3].event must match [a-z0-9_.:-]{1,64}');
    expect(message).toMatch(/items\[4\]\.properties must be at most 4096 bytes of JSON/);
    expect(message).toContain('items[5].properties must be a JSON object');
    expect(message).toContain('items[6] must be a JSON object');
    expect(message).toContain('items[7].userId is required');
    expect(message).not.toContain('items[0]');
    await expect(countEvents('batch-1')).resolves.toBe(0);
  });

  it('accepts timestamps at the edges of the allowed range', async () => {
    await post([
      { userId: 'edge-1', event: 'e', timestamp: '2026-11-23T12:00:00Z' },
      { userId: 'edge-1', event: 'e', timestamp: '2026-10-23T12:00:00Z' },
    ]).expect(202);
    await expect(countEvents('edge-1')).resolves.toBe(2);
  });

  it('limits a batch to 500 events and rejects an empty one', async () => {
    const big = Array.from({ length: 501 }, () => ({ userId: 'big', event: 'e' }));
    const res = await post(big).expect(400);
    expect(res.body.message).toBe('body must contain at most 500 events, got 501');
    await post([]).expect(400);
    await expect(countEvents('big')).resolves.toBe(0);
  });

  it('stores a batch of 500 in one go', async () => {
    const batch = Array.from({ length: 500 }, (_, i) => ({ userId: `many-${i % 50}`, event: 'tick' }));
    const res = await post(batch).expect(202);
    expect(res.body).toEqual({ received: 500, stored: 500, duplicates: 0 });
  });

  it('makes retries with an eventId idempotent, within and across batches', async () => {
    const batch = [
      { eventId: 'evt-1', userId: 'idem-1', event: 'click' },
      { eventId: 'evt-2', userId: 'idem-1', event: 'click' },
      { eventId: 'evt-2', userId: 'idem-1', event: 'click' },
      { userId: 'idem-1', event: 'click' },
    ];
    const first = await post(batch).expect(202);
    expect(first.body).toEqual({ received: 4, stored: 3, duplicates: 1 });
    const retry = await post(batch.slice(0, 3)).expect(202);
    expect(retry.body).toEqual({ received: 3, stored: 0, duplicates: 3 });
    await expect(countEvents('idem-1')).resolves.toBe(3);
    const [daily] = await db.query(`SELECT events FROM user_daily_activity WHERE user_id = 'idem-1'`);
    expect(daily.events).toBe(3);
  });

  it('upserts one user_daily_activity row per user and UTC day', async () => {
    await post([
      { userId: 'daily-1', event: 'a', timestamp: '2026-11-21T23:59:59Z' },
      { userId: 'daily-1', event: 'a', timestamp: '2026-11-22T00:00:00Z' },
      { userId: 'daily-1', event: 'b', timestamp: '2026-11-22T08:00:00Z' },
    ]).expect(202);
    await post({ userId: 'daily-1', event: 'c', timestamp: '2026-11-21T10:00:00Z' }).expect(202);
    const rows = await db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, first_seen_at, events FROM user_daily_activity
       WHERE user_id = 'daily-1' ORDER BY day`,
    );
    expect(rows).toEqual([
      { day: '2026-11-21', first_seen_at: new Date('2026-11-21T10:00:00Z'), events: 2 },
      { day: '2026-11-22', first_seen_at: new Date('2026-11-22T00:00:00Z'), events: 2 },
    ]);
  });

  it('marks users active in the Redis day key of the event', async () => {
    await post([
      { userId: 'rt-1', event: 'a' },
      { userId: 'rt-2', event: 'a', timestamp: '2026-11-20T10:00:00Z' },
    ]).expect(202);
    const store = t.app.get(ActiveUsersStore);
    const before = await store.count(new Date('2026-11-20T00:00:00Z'), 1);
    expect(before).toBeGreaterThanOrEqual(1);
    await post({ userId: 'rt-3', event: 'a', timestamp: '2026-11-20T11:00:00Z' }).expect(202);
    await expect(store.count(new Date('2026-11-20T00:00:00Z'), 1)).resolves.toBe(before + 1);
  });

  it('counts well-known events with bounded labels in /metrics, once per stored event', async () => {
    await post([
      { eventId: 'reg-1', userId: 'm-1', event: 'user_registered', properties: { source: 'google' } },
      { userId: 'm-2', event: 'user_registered', properties: { source: 'utm-xyz-123' } },
      { userId: 'm-3', event: 'user_registered' },
      { userId: 'm-1', event: 'user_logged_in', properties: { method: 'password' } },
      { userId: 'm-1', event: 'user_activated' },
      { userId: 'm-1', event: 'view_landing' },
    ]).expect(202);
    await post({
      eventId: 'reg-1',
      userId: 'm-1',
      event: 'user_registered',
      properties: { source: 'google' },
    });
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toContain('user_registrations_total{source="google"} 1');
    expect(metrics).toContain('user_registrations_total{source="other"} 1');
    expect(metrics).toContain('user_registrations_total{source="unknown"} 1');
    expect(metrics).toContain('user_logins_total{method="password"} 1');
    expect(metrics).toContain('user_activated_total 1');
    expect(metrics).toContain('conversion_funnel_total{step="view_landing"} 1');
    expect(metrics).not.toContain('utm-xyz-123');
  });
});
