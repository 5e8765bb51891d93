import { DataSource } from 'typeorm';
import { EventIngestService, EventPartitionsJob, funnelSql, partitionName } from '@app/activity';
import { ManualClock } from '@app/clock';
import { buildDataSourceOptions } from '@app/database';
import { MIGRATIONS } from '../migrations';
import { TestApp, createTestApp } from './utils/test-app';
import { cleanupIsolation, newIsolation } from './utils/test-env';

const DAY_MS = 86_400_000;
/** The migration under test; later migrations must not run before it here. */
const UNDER_TEST = MIGRATIONS.findIndex((m) => m.name === 'AnalyticsEventsPartitioned1765000200000');
const day = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** Every column of every event, in a stable order: what "no row lost or changed" compares. */
const SNAPSHOT = `SELECT id::text, event_id, user_id, event, occurred_at, received_at, properties
                  FROM analytics_events ORDER BY analytics_events.id`;

describe('analytics_events migration to daily partitions (e2e)', () => {
  const isolation = newIsolation('partition-migration');
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource({
      ...buildDataSourceOptions({ url: isolation.databaseUrl, schema: isolation.schema, poolSize: 2 }),
      // Everything up to the migration under test: an install from before it.
      migrations: MIGRATIONS.slice(0, UNDER_TEST),
    });
    await db.initialize();
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${isolation.schema}"`);
    await db.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await db.destroy();
    await cleanupIsolation(isolation);
  });

  it('keeps every existing row, partitions new ones by day, and reverts without loss', async () => {
    const now = Date.now();
    // 2,000 events over the last 60 days and up to 20 h ahead (the future bound of ingestion).
    await db.query(
      `INSERT INTO analytics_events (event_id, user_id, event, occurred_at, properties)
       SELECT CASE WHEN g % 3 = 0 THEN 'ev-' || g END, 'u' || (g % 97), 'e' || (g % 5),
              to_timestamp($1 / 1000.0) - make_interval(secs => (g % 2000) * 2600) + interval '20 hours',
              jsonb_build_object('g', g)
       FROM generate_series(1, 2000) g`,
      [now],
    );
    const before = await db.query(SNAPSHOT);
    expect(before).toHaveLength(2000);

    expect(UNDER_TEST).toBeGreaterThan(0);
    const migration = MIGRATIONS[UNDER_TEST];
    const partitioned = new DataSource({
      ...buildDataSourceOptions({ url: isolation.databaseUrl, schema: isolation.schema, poolSize: 2 }),
      migrations: MIGRATIONS.slice(0, UNDER_TEST + 1),
    });
    await partitioned.initialize();
    try {
      expect(await partitioned.runMigrations({ transaction: 'each' })).toEqual([
        expect.objectContaining({ name: new migration().name }),
      ]);
      const [{ relkind }] = await partitioned.query(
        `SELECT relkind FROM pg_class WHERE oid = 'analytics_events'::regclass`,
      );
      expect(relkind).toBe('p');
      expect(await partitioned.query(SNAPSHOT)).toEqual(before);
      // The old rows live in the legacy partition, untouched; ids continue after the highest.
      const [{ n }] = await partitioned.query(`SELECT count(*)::int AS n FROM analytics_events_legacy`);
      expect(n).toBe(2000);
      const [{ id, part }] = await partitioned.query(
        `INSERT INTO analytics_events (event_id, user_id, event, occurred_at)
         VALUES ('new-1', 'u1', 'e1', now() + interval '3 days')
         RETURNING id::text, tableoid::regclass::text AS part`,
      );
      expect(BigInt(id)).toBeGreaterThan(2000n);
      expect(part).toBe(partitionName(day(new Date(now + 3 * DAY_MS))));

      await partitioned.undoLastMigration({ transaction: 'each' });
      const [{ relkind: flat }] = await partitioned.query(
        `SELECT relkind FROM pg_class WHERE oid = 'analytics_events'::regclass`,
      );
      expect(flat).toBe('r');
      const reverted = await partitioned.query(SNAPSHOT);
      expect(reverted.slice(0, 2000)).toEqual(before);
      expect(reverted).toHaveLength(2001);
      // After the revert the identity continues too.
      const [{ id: next }] = await partitioned.query(
        `INSERT INTO analytics_events (user_id, event, occurred_at) VALUES ('u', 'e', now()) RETURNING id::text`,
      );
      expect(BigInt(next)).toBeGreaterThan(BigInt(id));
    } finally {
      await partitioned.destroy();
    }
  });
});

describe('partitioned events: idempotency, creation ahead, retention, pruning (e2e)', () => {
  const NOW = new Date('2026-11-22T12:00:00Z');
  const clock = new ManualClock(NOW);
  let t: TestApp;
  let db: DataSource;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'partitions', clock, env: { EVENTS_RETENTION_DAYS: '40' } });
    db = t.app.get(DataSource);
    key = await t.keyFor('ingest');
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (body: object) =>
    t.http.post('/api/v1/events').set('Authorization', `Bearer ${key}`).send(body).expect(202);
  const stored = async (eventId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM analytics_events WHERE event_id = $1`, [eventId]))[0].n;

  it('a retry with the same eventId and timestamp is stored once; with another timestamp it is a new event', async () => {
    const event = {
      eventId: 'retry-1',
      userId: 'r1',
      event: 'page_view',
      timestamp: '2026-11-22T10:00:00.000Z',
    };
    expect((await post(event)).body).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await post(event)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await stored('retry-1')).toBe(1);
    // The key is (eventId, timestamp): a "retry" whose client re-stamped it is stored again.
    const restamped = { ...event, timestamp: '2026-11-21T23:59:00.000Z' };
    expect((await post(restamped)).body).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await post(restamped)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await stored('retry-1')).toBe(2);
    const [{ n }] = await db.query(
      `SELECT events AS n FROM user_daily_activity WHERE user_id = 'r1' AND day = '2026-11-22'`,
    );
    expect(n).toBe(1);
  });

  it('creates a missing daily partition on demand for an accepted timestamp', async () => {
    // Tomorrow relative to the app clock, far past the real-time partitions the migration created.
    clock.set(new Date('2027-03-01T23:00:00Z'));
    try {
      const res = await post({
        eventId: 'ahead-1',
        userId: 'a1',
        event: 'page_view',
        timestamp: '2027-03-02T05:00:00Z',
      });
      expect(res.body).toMatchObject({ stored: 1 });
      const [{ part }] = await db.query(
        `SELECT tableoid::regclass::text AS part FROM analytics_events WHERE event_id = 'ahead-1'`,
      );
      expect(part).toBe('analytics_events_p20270302');
    } finally {
      clock.set(NOW);
    }
  });

  it('the job creates a week ahead and drops whole partitions past retention, keeping daily activity', async () => {
    const job = t.app.get(EventPartitionsJob);
    // 50 days of events, one per day (older than ingestion's 30-day window: straight to the service,
    // which creates their partitions on demand).
    await t.app.get(EventIngestService).ingest(
      Array.from({ length: 50 }, (_, d) => ({
        eventId: null,
        userId: `ret-${d}`,
        event: 'page_view',
        occurredAt: new Date(NOW.getTime() - d * DAY_MS),
        properties: {},
      })),
    );
    const { created, dropped } = await job.run();
    expect(created).toContain(partitionName(new Date(day(NOW).getTime() + 7 * DAY_MS)));
    // Retention 40 days: the daily partitions of days 41..49 before today (whole days older than the cutoff) go.
    expect(dropped).toEqual(
      expect.arrayContaining(
        [41, 45, 49].map((d) => partitionName(new Date(day(NOW).getTime() - d * DAY_MS))),
      ),
    );
    expect(dropped).not.toContain(partitionName(new Date(day(NOW).getTime() - 40 * DAY_MS)));
    const [{ oldest }] = await db.query(
      `SELECT min(occurred_at) AS oldest FROM analytics_events WHERE user_id LIKE 'ret-%'`,
    );
    expect((oldest as Date).getTime()).toBeGreaterThanOrEqual(day(NOW).getTime() - 40 * DAY_MS);
    // user_daily_activity keeps the history of the dropped days.
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM user_daily_activity WHERE user_id LIKE 'ret-%'`,
    );
    expect(n).toBe(50);
    // Idempotent: a second run has nothing left to do.
    await expect(job.run()).resolves.toEqual({ created: [], dropped: [] });
    // Ingestion still works for today.
    await post({ userId: 'after-drop', event: 'page_view' });
  });

  it('prunes partitions: a 2-day funnel reads only the partitions of those days', async () => {
    const from = new Date('2026-11-20T00:00:00Z');
    const to = new Date('2026-11-22T00:00:00Z');
    const plan = (
      await db.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (COSTS OFF) ${funnelSql(2)}`, [
        ['view_landing', 'click_signup'],
        from.toISOString(),
        to.toISOString(),
        3600,
      ])
    )
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    const scanned = [...new Set(plan.match(/analytics_events_p\d{8}/g) ?? [])].sort();
    // The window of 1 h past `to` reaches into 22 November.
    expect(scanned).toEqual([
      'analytics_events_p20261120',
      'analytics_events_p20261121',
      'analytics_events_p20261122',
    ]);
    expect(plan).not.toContain('analytics_events_legacy');
  });
});
