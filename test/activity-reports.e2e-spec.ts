import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { ActivityReadService } from '@app/activity';
import { TestApp, createTestApp } from './utils/test-app';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('activity reports (e2e)', () => {
  let t: TestApp;
  let ingestKey: string;
  let adminKey: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'activity-reports', clock: new ManualClock(NOW) });
    ingestKey = await t.keyFor('ingest');
    adminKey = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const ingest = async (events: Array<[string, string, string]>) => {
    const body = events.map(([userId, event, timestamp]) => ({ userId, event, timestamp }));
    await t.http.post('/api/v1/events').set('Authorization', `Bearer ${ingestKey}`).send(body).expect(202);
  };
  const get = (path: string) => t.http.get(path).set('Authorization', `Bearer ${adminKey}`);

  describe('funnel', () => {
    beforeAll(async () => {
      await ingest([
        // u1: the whole funnel in order
        ['u1', 'f_a', '2026-11-10T10:00:00Z'],
        ['u1', 'f_b', '2026-11-10T10:30:00Z'],
        ['u1', 'f_c', '2026-11-10T11:00:00Z'],
        // u2: b before a does not count as step 2
        ['u2', 'f_b', '2026-11-11T09:00:00Z'],
        ['u2', 'f_a', '2026-11-11T10:00:00Z'],
        // u3: b after the 1-day window
        ['u3', 'f_a', '2026-11-12T10:00:00Z'],
        ['u3', 'f_b', '2026-11-13T11:00:00Z'],
        // u4: repeats are counted once, timed from the first occurrence
        ['u4', 'f_a', '2026-11-12T10:00:00Z'],
        ['u4', 'f_a', '2026-11-12T10:05:00Z'],
        ['u4', 'f_b', '2026-11-12T11:00:00Z'],
        ['u4', 'f_b', '2026-11-12T11:30:00Z'],
        ['u4', 'f_c', '2026-11-12T12:00:00Z'],
        // u5: c before b: reaches step 2 only
        ['u5', 'f_a', '2026-11-12T10:00:00Z'],
        ['u5', 'f_c', '2026-11-12T11:00:00Z'],
        ['u5', 'f_b', '2026-11-12T12:00:00Z'],
        // u6: first step before the range: not in the funnel
        ['u6', 'f_a', '2026-11-09T23:00:00Z'],
        ['u6', 'f_b', '2026-11-10T01:00:00Z'],
        // u7: step 2 after `to` but within the window counts
        ['u7', 'f_a', '2026-11-19T23:00:00Z'],
        ['u7', 'f_b', '2026-11-20T01:00:00Z'],
        // u8: exactly at the window edge counts; u9: one second later does not
        ['u8', 'f_a', '2026-11-14T10:00:00Z'],
        ['u8', 'f_b', '2026-11-15T10:00:00Z'],
        ['u9', 'f_a', '2026-11-14T10:00:00Z'],
        ['u9', 'f_b', '2026-11-15T10:00:01Z'],
      ]);
    });

    it('counts ordered steps within the window of the first step', async () => {
      const res = await get(
        '/api/v1/admin/reports/funnel?steps=f_a,f_b,f_c&from=2026-11-10T00:00:00Z&to=2026-11-20T00:00:00Z&window=1d',
      ).expect(200);
      expect(res.body.windowSeconds).toBe(86400);
      expect(res.body.steps).toEqual([
        {
          step: 'f_a',
          users: 8,
          conversionFromPrevious: 1,
          conversionFromFirst: 1,
          medianSecondsFromPrevious: null,
        },
        {
          step: 'f_b',
          users: 5,
          conversionFromPrevious: 5 / 8,
          conversionFromFirst: 5 / 8,
          medianSecondsFromPrevious: 7200,
        },
        {
          step: 'f_c',
          users: 2,
          conversionFromPrevious: 2 / 5,
          conversionFromFirst: 2 / 8,
          medianSecondsFromPrevious: 2700,
        },
      ]);
    });

    it('uses a shorter window when asked', async () => {
      const res = await get(
        '/api/v1/admin/reports/funnel?steps=f_a,f_b&from=2026-11-10T00:00:00Z&to=2026-11-20T00:00:00Z&window=90m',
      ).expect(200);
      expect(res.body.steps.map((s: { users: number }) => s.users)).toEqual([8, 2]);
    });

    it('is callable by other modules through ActivityReadService', async () => {
      const report = await t.app
        .get(ActivityReadService)
        .funnel(['f_a', 'f_b', 'f_c'], new Date('2026-11-10'), new Date('2026-11-20'), 86400);
      expect(report.steps.map((s) => s.users)).toEqual([8, 5, 2]);
    });

    it('validates the query', async () => {
      const bad = async (query: string, message: string) => {
        const res = await get(`/api/v1/admin/reports/funnel?${query}`).expect(400);
        expect(res.body.message).toContain(message);
      };
      await bad('steps=f_a', 'steps must list 2 to 10 event names, got 1');
      await bad('steps=a,b,c,d,e,f,g,h,i,j,k', 'got 11');
      await bad('steps=f_a,f_a', 'must not repeat');
      await bad('steps=f_a,F%20B', 'steps must be a comma list of event names');
      await bad('window=7w', 'window must be a duration');
      await bad('from=yesterday', 'from must be an ISO 8601 date');
      await bad('from=2026-11-10&to=2026-11-01', 'from must be before to');
      await bad('from=2026-01-01&to=2026-11-01', 'at most 92 days');
      await bad('nope=1', 'nope');
    });

    it('is for admins only', async () => {
      await t.http
        .get('/api/v1/admin/reports/funnel')
        .set('Authorization', `Bearer ${ingestKey}`)
        .expect(403);
    });
  });

  describe('activation', () => {
    beforeAll(async () => {
      await ingest([
        ['r1', 'user_registered', '2026-11-01T10:00:00Z'],
        ['r1', 'user_activated', '2026-11-02T09:00:00Z'],
        ['r2', 'user_registered', '2026-11-01T12:00:00Z'],
        ['r2', 'user_activated', '2026-11-02T12:00:01Z'],
        ['r3', 'user_registered', '2026-11-02T08:00:00Z'],
        ['r3', 'user_activated', '2026-11-02T09:00:00Z'],
        ['r4', 'user_registered', '2026-11-02T10:00:00Z'],
        ['r5', 'user_activated', '2026-11-02T10:00:00Z'],
        ['r5', 'user_registered', '2026-11-02T11:00:00Z'],
      ]);
    });

    it('gives the share of each interval’s registrations activated within 24 h', async () => {
      const res = await get(
        '/api/v1/admin/reports/activation?from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&interval=day',
      ).expect(200);
      expect(res.body).toMatchObject({ registered: 5, activated: 2, rate: 0.4, activationWindowHours: 24 });
      expect(res.body.buckets).toEqual([
        { start: '2026-11-01T00:00:00.000Z', registered: 2, activated: 1, rate: 0.5 },
        { start: '2026-11-02T00:00:00.000Z', registered: 3, activated: 1, rate: 1 / 3 },
      ]);
    });

    it('buckets by hour, empty hours included', async () => {
      const res = await get(
        '/api/v1/admin/reports/activation?from=2026-11-02T08:00:00Z&to=2026-11-02T12:00:00Z&interval=hour',
      ).expect(200);
      expect(res.body.buckets.map((b: { registered: number }) => b.registered)).toEqual([1, 0, 1, 1]);
      await expect(
        t.app.get(ActivityReadService).registrations(new Date('2026-11-01'), new Date('2026-11-03')),
      ).resolves.toBe(5);
    });

    it('serves ranges that ended before today from the cache, and ranges reaching today fresh', async () => {
      const closed = '/api/v1/admin/reports/activation?from=2026-11-05T00:00:00Z&to=2026-11-06T00:00:00Z';
      expect((await get(closed).expect(200)).body.registered).toBe(0);
      await ingest([['late-1', 'user_registered', '2026-11-05T10:00:00Z']]);
      expect((await get(closed).expect(200)).body.registered).toBe(0);
      const open = '/api/v1/admin/reports/activation?from=2026-11-05T00:00:00Z';
      expect((await get(open).expect(200)).body.registered).toBe(1);
    });

    it('validates interval and range', async () => {
      const res = await get('/api/v1/admin/reports/activation?interval=week').expect(400);
      expect(res.body.message).toContain('interval must be one of hour, day');
      await get('/api/v1/admin/reports/activation?interval=hour&from=2026-09-01&to=2026-11-01').expect(400);
    });
  });

  describe('active users', () => {
    it('gives exact DAU/WAU/MAU from user_daily_activity, equal to a brute-force count', async () => {
      const db = t.app.get(DataSource);
      // A random but fixed activity history over 70 days for 300 users, straight into the table.
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const rows = new Set<string>();
      for (let i = 0; i < 3000; i++) {
        const day = new Date(Date.parse('2026-08-01') + Math.floor(random() * 70) * 86400000);
        rows.add(`${day.toISOString().slice(0, 10)}|au-${Math.floor(random() * 300)}`);
      }
      const list = [...rows].map((r) => r.split('|'));
      await db.query(
        `INSERT INTO user_daily_activity (day, user_id, first_seen_at, events)
         SELECT d, u, d::timestamptz, 1 FROM unnest($1::date[], $2::text[]) AS t(d, u)`,
        [list.map((r) => r[0]), list.map((r) => r[1])],
      );
      const res = await get('/api/v1/admin/reports/active-users?from=2026-08-20&to=2026-10-15').expect(200);
      expect(res.body.days).toHaveLength(56);
      const distinct = (day: string, span: number) => {
        const end = Date.parse(day);
        const users = new Set<string>();
        for (const [d, u] of list) {
          const at = Date.parse(d);
          if (at <= end && at > end - span * 86400000) users.add(u);
        }
        return users.size;
      };
      for (const point of res.body.days as Array<{ day: string; dau: number; wau: number; mau: number }>) {
        expect(point).toEqual({
          day: point.day,
          dau: distinct(point.day, 1),
          wau: distinct(point.day, 7),
          mau: distinct(point.day, 30),
        });
      }
      const one = await t.app.get(ActivityReadService).activeUsers('2026-09-15');
      expect(one).toEqual({
        day: '2026-09-15',
        dau: distinct('2026-09-15', 1),
        wau: distinct('2026-09-15', 7),
        mau: distinct('2026-09-15', 30),
      });
    });

    it('validates the range', async () => {
      await get('/api/v1/admin/reports/active-users?from=2025-01-01&to=2026-11-01').expect(400);
      await get('/api/v1/admin/reports/active-users?to=2026-13-01').expect(400);
    });
  });
});
