import { DataSource } from 'typeorm';
import { REDIS_CLIENT, RedisClient } from '@app/redis';
import { EventPartitionsService } from '@app/activity';
import { assignVariant, hashV2 } from '@app/experiments';
import { TestApp, createTestApp } from './utils/test-app';

describe('experiments (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ingest: string;
  let db: DataSource;

  const create = (body: object) =>
    t.http.post('/api/v1/admin/experiments').set('Authorization', `Bearer ${admin}`).send(body);
  const action = (key: string, verb: 'start' | 'stop') =>
    t.http.post(`/api/v1/admin/experiments/${key}/${verb}`).set('Authorization', `Bearer ${admin}`);
  const patch = (key: string, body: object) =>
    t.http.patch(`/api/v1/admin/experiments/${key}`).set('Authorization', `Bearer ${admin}`).send(body);
  const assign = (key: string, userId: string) =>
    t.http
      .get(`/api/v1/experiments/${key}/assignment`)
      .query({ userId })
      .set('Authorization', `Bearer ${ingest}`);
  const results = (key: string) =>
    t.http.get(`/api/v1/admin/experiments/${key}/results`).set('Authorization', `Bearer ${admin}`);
  const exposureCount = async (key: string, userId?: string) => {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM experiment_exposures WHERE experiment_key = $1 AND ($2::text IS NULL OR user_id = $2)`,
      [key, userId ?? null],
    );
    return row.n;
  };
  const exposureMetric = async (experiment: string, variant: string) => {
    const res = await t.http.get('/metrics').expect(200);
    const line = res.text
      .split('\n')
      .find((l) =>
        l.startsWith(`experiment_exposures_total{experiment="${experiment}",variant="${variant}"}`),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const twoArms = {
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
  };

  beforeAll(async () => {
    t = await createTestApp({ label: 'experiments' });
    admin = await t.keyFor('admin');
    ingest = await t.keyFor('ingest');
    db = t.app.get(DataSource);
    // Seeded in SQL, not through ingestion: the daily partitions of analytics_events must exist first.
    await t.app.get(EventPartitionsService).ensure(new Date('2026-10-25'), new Date('2026-11-10'));
  });

  afterAll(async () => {
    await t.close();
  });

  describe('admin API', () => {
    it('creates a draft and lists it', async () => {
      const res = await create({ key: 'checkout', ...twoArms, primaryEvent: 'purchase' }).expect(201);
      expect(res.body).toMatchObject({ key: 'checkout', status: 'draft', coverage: 1, guardrailEvents: [] });
      const list = await t.http
        .get('/api/v1/admin/experiments')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(list.body.map((e: { key: string }) => e.key)).toContain('checkout');
      await create({ key: 'checkout', ...twoArms, primaryEvent: 'purchase' }).expect(409);
    });

    it.each([
      [{ key: 'Bad Key', ...twoArms, primaryEvent: 'e' }, 'key must match'],
      [
        { key: 'one-arm', variants: [{ key: 'a', weight: 1 }], primaryEvent: 'e' },
        'variants must have 2 to 8 items',
      ],
      [
        {
          key: 'dupes',
          variants: [
            { key: 'a', weight: 1 },
            { key: 'a', weight: 2 },
          ],
          primaryEvent: 'e',
        },
        'variants must have unique keys',
      ],
      [
        {
          key: 'zero-w',
          variants: [
            { key: 'a', weight: 0 },
            { key: 'b', weight: 2 },
          ],
          primaryEvent: 'e',
        },
        'variants[0].weight must be a positive number',
      ],
      [{ key: 'cov', ...twoArms, coverage: 1.5, primaryEvent: 'e' }, 'coverage must be between 0 and 1'],
      [{ key: 'ev', ...twoArms, primaryEvent: 'Bad Event!' }, 'primaryEvent must match'],
      [{ key: 'extra', ...twoArms, primaryEvent: 'e', owner: 'me' }, 'owner'],
    ])('rejects invalid input %#', async (body, message) => {
      const res = await create(body).expect(400);
      expect(res.body.message).toContain(message);
    });

    it('needs an admin key', async () => {
      await t.http.get('/api/v1/admin/experiments').set('Authorization', `Bearer ${ingest}`).expect(403);
    });

    it('moves draft → running → stopped and refuses other moves', async () => {
      await create({ key: 'lifecycle', ...twoArms, primaryEvent: 'purchase' }).expect(201);
      await action('lifecycle', 'stop').expect(409);
      const started = await action('lifecycle', 'start').expect(200);
      expect(started.body.status).toBe('running');
      expect(started.body.startedAt).not.toBeNull();
      await action('lifecycle', 'start').expect(409);
      await action('lifecycle', 'stop').expect(200);
      const restart = await action('lifecycle', 'start').expect(409);
      expect(restart.body.message).toContain('cannot restart');
      await action('nope', 'start').expect(404);
    });

    it('refuses to change variants of a running experiment, saying why (409)', async () => {
      await create({ key: 'frozen', ...twoArms, primaryEvent: 'purchase' }).expect(201);
      await patch('frozen', {
        variants: [
          { key: 'control', weight: 30 },
          { key: 'treatment', weight: 70 },
        ],
      }).expect(200);
      await action('frozen', 'start').expect(200);
      const res = await patch('frozen', {
        variants: [
          { key: 'control', weight: 50 },
          { key: 'treatment', weight: 50 },
        ],
      }).expect(409);
      expect(res.body.message).toMatch(
        /variants of a running experiment cannot change: .*switch variants.*stop/,
      );
      // Same variants again, coverage and description: allowed.
      const ok = await patch('frozen', {
        variants: [
          { key: 'control', weight: 30 },
          { key: 'treatment', weight: 70 },
        ],
        coverage: 0.5,
        description: 'half the users',
        guardrailEvents: ['refund'],
      }).expect(200);
      expect(ok.body).toMatchObject({
        coverage: 0.5,
        description: 'half the users',
        guardrailEvents: ['refund'],
      });
      await patch('frozen', { primaryEvent: 'signup' }).expect(409);
    });
  });

  describe('assignment', () => {
    const experiment = {
      key: 'assign-demo',
      variants: [
        { key: 'a', weight: 10 },
        { key: 'b', weight: 30 },
        { key: 'c', weight: 60 },
      ],
      coverage: 0.8,
    };

    beforeAll(async () => {
      await create({ ...experiment, primaryEvent: 'purchase' }).expect(201);
    });

    it('answers 404 for an unknown experiment and null before the start', async () => {
      await assign('missing', 'u1').expect(404);
      const res = await assign('assign-demo', 'u1').expect(200);
      expect(res.body).toEqual({ experiment: 'assign-demo', variant: null });
      expect(await exposureCount('assign-demo')).toBe(0);
    });

    it('needs an ingest key and a userId', async () => {
      await t.http.get('/api/v1/experiments/assign-demo/assignment?userId=u1').expect(401);
      const res = await t.http
        .get('/api/v1/experiments/assign-demo/assignment')
        .set('Authorization', `Bearer ${ingest}`)
        .expect(400);
      expect(res.body.message).toContain('userId');
      const extra = await assign('assign-demo', 'u1').query({ debug: '1' }).expect(400);
      expect(extra.body.message).toContain('debug is not an allowed field');
      const long = await assign('assign-demo', 'x'.repeat(257)).expect(400);
      expect(long.body.message).toContain('userId must be 1 to 256 characters');
      const badKey = await assign('Bad_Key', 'u1').expect(400);
      expect(badKey.body.message).toContain('key must match');
    });

    it('assigns deterministically, as GrowthBook would (hash v2 seeded with the key)', async () => {
      await action('assign-demo', 'start').expect(200);
      const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      for (const userId of users) {
        const first = await assign('assign-demo', userId).expect(200);
        const again = await assign('assign-demo', userId).expect(200);
        expect(again.body).toEqual(first.body);
        expect(first.body.variant).toBe(assignVariant(experiment, userId));
        // Coverage 0.8 over ranges [0,.08) [.1,.34) [.4,.88): the hash alone says in or out.
        const n = hashV2('assign-demo', userId);
        const inside = (n >= 0 && n < 0.08) || (n >= 0.1 && n < 0.34) || (n >= 0.4 && n < 0.88);
        expect(first.body.variant !== null).toBe(inside);
      }
    });

    it('records the first exposure once and counts it once', async () => {
      const userId = 'repeat-user';
      const variant = assignVariant(experiment, userId);
      expect(variant).not.toBeNull();
      const before = await exposureMetric('assign-demo', variant!);
      for (let i = 0; i < 5; i++) await assign('assign-demo', userId).expect(200);
      expect(await exposureCount('assign-demo', userId)).toBe(1);
      expect(await exposureMetric('assign-demo', variant!)).toBe(before + 1);
      const [row] = await db.query<Array<{ variant: string }>>(
        `SELECT variant FROM experiment_exposures WHERE experiment_key = 'assign-demo' AND user_id = $1`,
        [userId],
      );
      expect(row.variant).toBe(variant);
    });

    it('records no exposure outside coverage', async () => {
      const outside = Array.from({ length: 200 }, (_, i) => `out-${i}`).find(
        (id) => assignVariant(experiment, id) === null,
      )!;
      await assign('assign-demo', outside).expect(200);
      expect(await exposureCount('assign-demo', outside)).toBe(0);
    });

    it('answers null after the stop', async () => {
      await create({ key: 'stopping', ...twoArms, primaryEvent: 'purchase' }).expect(201);
      await action('stopping', 'start').expect(200);
      expect((await assign('stopping', 'u1').expect(200)).body.variant).not.toBeNull();
      await action('stopping', 'stop').expect(200);
      expect((await assign('stopping', 'u1').expect(200)).body.variant).toBeNull();
    });
  });

  describe('results', () => {
    const start = new Date('2026-11-01T00:00:00Z');

    /** Exposures and events seeded in SQL (as if recorded by the API) for controlled counts. */
    async function seed(key: string, arms: Array<{ variant: string; users: number; converted: number }>) {
      for (const arm of arms) {
        await db.query(
          `INSERT INTO experiment_exposures (experiment_key, user_id, variant, exposed_at)
           SELECT $1, $1 || '-' || $2 || '-' || i, $2, $3 FROM generate_series(1, $4) i`,
          [key, arm.variant, start, arm.users],
        );
        // Converted users buy after exposure; every user also bought once before exposure (not counted).
        await db.query(
          `INSERT INTO analytics_events (user_id, event, occurred_at)
           SELECT $1 || '-' || $2 || '-' || i, 'purchase', $3::timestamptz + interval '1 hour' FROM generate_series(1, $4) i
           UNION ALL
           SELECT $1 || '-' || $2 || '-' || i, 'purchase', $3::timestamptz - interval '1 day' FROM generate_series(1, $5) i`,
          [key, arm.variant, start, arm.converted, arm.users],
        );
      }
    }

    it('computes rates, lift, CI and p-value in SQL on seeded data (textbook numbers)', async () => {
      await create({
        key: 'textbook',
        ...twoArms,
        primaryEvent: 'purchase',
        guardrailEvents: ['refund', 'purchase'],
      }).expect(201);
      await action('textbook', 'start').expect(200);
      await seed('textbook', [
        { variant: 'control', users: 1000, converted: 200 },
        { variant: 'treatment', users: 1000, converted: 250 },
      ]);
      // Voice of the users: NPS and feedback after exposure.
      await db.query(
        `INSERT INTO nps_responses (user_id, survey_id, score, created_at, updated_at) VALUES
           ('textbook-control-1', 's', 10, $1, $1), ('textbook-control-2', 's', 3, $1, $1),
           ('textbook-treatment-1', 's', 9, $1, $1), ('textbook-treatment-2', 's', 9, $1, $1)`,
        [new Date('2026-11-02T00:00:00Z')],
      );
      await db.query(
        `INSERT INTO feedback (type, message, user_id, sentiment_score, sentiment_label, created_at) VALUES
           ('bug', 'broken', 'textbook-control-1', -3, 'negative', $1),
           ('other', 'nice', 'textbook-control-2', 2, 'positive', $1)`,
        [new Date('2026-11-02T00:00:00Z')],
      );
      const res = await results('textbook').expect(200);
      const body = res.body;
      expect(body.srm.flagged).toBe(false);
      expect(body.warning).toBeNull();
      expect(body.totalExposures).toBe(2000);
      const [control, treatment] = body.primary.variants;
      expect(control).toMatchObject({
        variant: 'control',
        exposed: 1000,
        converted: 200,
        rate: 0.2,
        vsControl: null,
      });
      expect(control.rateCi.low).toBeCloseTo(0.176377, 5);
      expect(treatment).toMatchObject({ variant: 'treatment', exposed: 1000, converted: 250, rate: 0.25 });
      expect(treatment.vsControl.absoluteLift).toBeCloseTo(0.05, 10);
      expect(treatment.vsControl.relativeLift).toBeCloseTo(0.25, 10);
      expect(treatment.vsControl.pValue).toBeCloseTo(0.0074196, 6);
      expect(treatment.vsControl.absoluteLiftCi.low).toBeCloseTo(0.013464, 5);
      // Guardrail without any event: zero conversions give nulls, never NaN.
      const [refundControl, refundTreatment] = body.guardrails[0].variants;
      // A guardrail equal to the primary event is counted the same, not twice.
      expect(body.guardrails[1].variants.map((v: { converted: number }) => v.converted)).toEqual([200, 250]);
      expect(refundControl).toMatchObject({ converted: 0, rate: 0 });
      expect(refundTreatment.vsControl).toMatchObject({
        relativeLift: null,
        pValue: null,
        absoluteLiftCi: null,
      });
      expect(res.text).not.toContain('NaN');
      // Cached until the definition changes (any edit moves updatedAt, hence the cache key).
      expect((await results('textbook').expect(200)).body.computedAt).toBe(body.computedAt);
      await patch('textbook', { description: 'new text' }).expect(200);
      expect((await results('textbook').expect(200)).body.computedAt).not.toBe(body.computedAt);
      expect(body.variants[0]).toMatchObject({
        variant: 'control',
        nps: { responses: 2, promoters: 1, detractors: 1, score: 0 },
        feedback: { items: 2, negative: 1, negativeShare: 0.5, negativeUserShare: 0.001 },
      });
      expect(body.variants[1]).toMatchObject({
        nps: { responses: 2, score: 100 },
        feedback: { items: 0, negativeShare: null, negativeUserShare: 0 },
      });
    });

    it('flags a Sample Ratio Mismatch prominently', async () => {
      await create({ key: 'skewed', ...twoArms, primaryEvent: 'purchase' }).expect(201);
      await action('skewed', 'start').expect(200);
      await seed('skewed', [
        { variant: 'control', users: 1300, converted: 100 },
        { variant: 'treatment', users: 700, converted: 60 },
      ]);
      const res = await results('skewed').expect(200);
      expect(res.body.srm).toMatchObject({ flagged: true, totalExposures: 2000 });
      expect(res.body.srm.pValue).toBeLessThan(0.001);
      expect(res.body.warning).toContain('Sample Ratio Mismatch');
    });

    it('reports a variant with no users with nulls', async () => {
      await create({
        key: 'empty-arm',
        variants: [
          { key: 'control', weight: 1 },
          { key: 'b', weight: 1 },
          { key: 'c', weight: 1 },
        ],
        primaryEvent: 'purchase',
      }).expect(201);
      await action('empty-arm', 'start').expect(200);
      await seed('empty-arm', [
        { variant: 'control', users: 30, converted: 3 },
        { variant: 'b', users: 30, converted: 0 },
      ]);
      const res = await results('empty-arm').expect(200);
      const c = res.body.primary.variants[2];
      expect(c).toMatchObject({ variant: 'c', exposed: 0, converted: 0, rate: null, rateCi: null });
      expect(Object.values(c.vsControl).every((v) => v === null)).toBe(true);
      expect(res.body.srm).toMatchObject({ flagged: false, totalExposures: 60 });
      expect(res.text).not.toContain('NaN');
    });

    it('answers 404 for an unknown experiment', async () => {
      await results('unknown-exp').expect(404);
    });
  });

  describe('without Redis', () => {
    // An app of its own whose Redis client is dropped for good: a cluster client disconnected and then
    // reconnected can hang in connect() (it never reaches 'end'), which timed out this test in CI.
    let offline: TestApp;
    beforeAll(async () => {
      offline = await createTestApp({ label: 'experiments-offline' });
    });
    afterAll(async () => {
      await offline.close();
    });

    it('still records a first exposure once, in PostgreSQL', async () => {
      const adminKey = await offline.keyFor('admin');
      const ingestKey = await offline.keyFor('ingest');
      await offline.http
        .post('/api/v1/admin/experiments')
        .set('Authorization', `Bearer ${adminKey}`)
        .send({ key: 'redis-down', ...twoArms, primaryEvent: 'purchase' })
        .expect(201);
      await offline.http
        .post('/api/v1/admin/experiments/redis-down/start')
        .set('Authorization', `Bearer ${adminKey}`)
        .expect(200);
      offline.app.get<RedisClient>(REDIS_CLIENT).disconnect();
      const offlineAssign = () =>
        offline.http
          .get('/api/v1/experiments/redis-down/assignment')
          .query({ userId: 'offline-user' })
          .set('Authorization', `Bearer ${ingestKey}`)
          .expect(200);
      const first = await offlineAssign();
      await offlineAssign();
      expect(first.body.variant).not.toBeNull();
      const [row] = await offline.app
        .get(DataSource)
        .query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM experiment_exposures WHERE experiment_key = 'redis-down' AND user_id = 'offline-user'`,
        );
      expect(row.n).toBe(1);
    });
  });
});
