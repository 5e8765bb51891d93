import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import {
  ActiveUsersJob,
  ActiveUsersStore,
  ActivityBackfillService,
  EventPartitionsService,
} from '@app/activity';
import { JobRunner } from '@app/jobs';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { TestApp, createTestApp } from './utils/test-app';

const NOW = new Date('2026-11-22T12:00:00Z');
const DAY_MS = 86_400_000;
const dayOf = (offset: number) => new Date(NOW.getTime() - offset * DAY_MS).toISOString().slice(0, 10);

describe('real-time active users (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    t = await createTestApp({ label: 'activity-realtime', clock });
    // Seeded in SQL, not through ingestion: the daily partitions of analytics_events must exist first.
    await t.app.get(EventPartitionsService).ensure(new Date(NOW.getTime() - 40 * DAY_MS), NOW);
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps HyperLogLog DAU/WAU/MAU within 2% of exact on 100,000 users', async () => {
    const store = t.app.get(ActiveUsersStore);
    // User i is active on days i % 30 and (i * 7) % 30 back from today.
    const byDay = new Map<string, string[]>();
    const exact = new Map<string, Set<string>>();
    for (let i = 0; i < 100_000; i++) {
      for (const offset of [i % 30, (i * 7) % 30]) {
        const day = dayOf(offset);
        if (!byDay.has(day)) byDay.set(day, []);
        byDay.get(day)!.push(`hll-${i}`);
      }
    }
    for (const [day, users] of byDay) exact.set(day, new Set(users));
    for (const [day, users] of byDay) {
      for (let i = 0; i < users.length; i += 5000) {
        await store.mark(new Map([[day, users.slice(i, i + 5000)]]));
      }
    }
    const union = (days: number) => {
      const all = new Set<string>();
      for (let d = 0; d < days; d++) for (const u of exact.get(dayOf(d)) ?? []) all.add(u);
      return all.size;
    };
    const counts = await store.counts(NOW);
    const within = (approx: number, truth: number) => Math.abs(approx - truth) / truth;
    expect(union(30)).toBe(100_000);
    expect(within(counts.dau, union(1))).toBeLessThan(0.02);
    expect(within(counts.wau, union(7))).toBeLessThan(0.02);
    expect(within(counts.mau, union(30))).toBeLessThan(0.02);

    const job = await t.app.get(ActiveUsersJob).run();
    expect(job.mau).toBe(counts.mau);
    expect(job.stickiness).toBeCloseTo(counts.dau / counts.mau, 6);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toContain(`active_users{window="1d"} ${counts.dau}`);
    expect(metrics).toContain(`active_users{window="7d"} ${counts.wau}`);
    expect(metrics).toContain(`active_users{window="30d"} ${counts.mau}`);
    expect(metrics).toMatch(/active_users_stickiness_ratio 0\.\d+/);
  });

  it('runs the active-users job once per tick across two app instances', async () => {
    const second = await createTestApp({ isolation: t.isolation, clock });
    try {
      const tick = new Date('2026-11-22T12:05:00Z');
      const outcomes = await Promise.all(
        [t, second].map((app) => app.app.get(JobRunner).runTick('active-users', tick)),
      );
      expect(outcomes.map((o) => o.result).sort()).toEqual(['skipped', 'success']);
      const ran = outcomes.find((o) => o.result === 'success');
      expect(ran?.value).toMatchObject({ day: dayOf(0) });
    } finally {
      await second.close();
    }
  });

  it('sets day keys to expire after the 30-day window', async () => {
    const store = t.app.get(ActiveUsersStore);
    const redis = t.app.get<RedisClient>(REDIS_CLIENT);
    const ttl = await redis.ttl(store.dayKey(dayOf(0)));
    expect(ttl).toBeGreaterThan(35 * 86400 - 86400);
    expect(store.dayKey(dayOf(0))).toBe(`${t.config.redis.keyPrefix}{active}:d:${dayOf(0)}`);
    expect(store.ttlSeconds(dayOf(0))).toBeGreaterThan(35 * 86400 - 86400);
    expect(store.ttlSeconds(dayOf(0))).toBeLessThanOrEqual(36 * 86400);
    expect(store.ttlSeconds(dayOf(40))).toBeLessThanOrEqual(0);
  });

  it('backfill rebuilds user_daily_activity and the Redis day key from analytics_events', async () => {
    const db = t.app.get(DataSource);
    const day = dayOf(3);
    await db.query(
      `INSERT INTO analytics_events (user_id, event, occurred_at)
       SELECT 'bf-' || (i % 40), 'e', $1::timestamptz + i * interval '1 minute' FROM generate_series(0, 99) i`,
      [`${day}T00:00:00Z`],
    );
    await db.query(`DELETE FROM user_daily_activity WHERE day = $1`, [day]);
    await db.query(`INSERT INTO user_daily_activity VALUES ('ghost', $1, now(), 1)`, [day]);
    const backfill = t.app.get(ActivityBackfillService);
    const result = await backfill.rebuildDay(day);
    expect(result).toEqual({ day, users: 40, redisRebuilt: true });
    const rows = await db.query(
      `SELECT count(*)::int AS users, sum(events)::int AS events FROM user_daily_activity WHERE day = $1`,
      [day],
    );
    expect(rows[0]).toEqual({ users: 40, events: 100 });
    await expect(t.app.get(ActiveUsersStore).count(new Date(`${day}T12:00:00Z`), 1)).resolves.toBe(40);
    await expect(backfill.eventDays()).resolves.toEqual({ first: day, last: day });
  });
});
