import { DataSource } from 'typeorm';
import { getToken } from '@willsoto/nestjs-prometheus';
import { Counter, Gauge } from 'prom-client';
import { NpsLinkSigner } from '@app/auth';
import { ManualClock } from '@app/clock';
import { NpsReadService, NpsRollupJob } from '@app/feedback';
import { HttpMetrics } from '@app/metrics';
import { TestApp, createTestApp } from './utils/test-app';

const T0 = new Date('2026-11-02T10:00:00.000Z'); // a Monday
const DAY = 86_400_000;

describe('NPS (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let ingest: string;
  let admin: string;

  beforeAll(async () => {
    clock = new ManualClock(T0);
    t = await createTestApp({
      label: 'nps',
      clock,
      env: {
        NPS_LINK_SECRET: 'nps-link-secret-for-tests-0123456789abcdef',
        OUTBOX_POLL_MS: '0',
        // the shared test machine is slow: do not let the cache fail open after 50 ms
        CACHE_TIMEOUT_MS: '5000',
      },
    });
    ingest = await t.keyFor('ingest');
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const answer = (body: object) =>
    t.http.post('/api/v1/nps').set('Authorization', `Bearer ${ingest}`).send(body);
  const answerAt = async (at: Date, body: object) => {
    clock.set(at);
    await answer(body).expect(201);
  };
  const metric = async (name: string, labels: Record<string, string>) => {
    const values = (await t.app.get<Counter<string>>(getToken(name)).get()).values;
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  };
  const row = async (surveyId: string, userId: string) =>
    (
      await t.app
        .get(DataSource)
        .query(`SELECT * FROM nps_responses WHERE survey_id = $1 AND user_id = $2`, [surveyId, userId])
    )[0];

  describe('validation', () => {
    const invalid: Array<[object, string]> = [
      [{ score: 5 }, 'userId is required'],
      [{ userId: 5, score: 5 }, 'userId must be a string'],
      [{ userId: 'u'.repeat(257), score: 5 }, 'userId must be 1 to 256 characters'],
      [{ userId: '', score: 5 }, 'userId must be 1 to 256 characters'],
      [{ userId: 'u', score: 11 }, 'score must not be greater than 10'],
      [{ userId: 'u', score: -1 }, 'score must not be less than 0'],
      [{ userId: 'u', score: 7.5 }, 'score must be an integer number'],
      [{ userId: 'u', score: '7' }, 'score must be an integer number'],
      [{ userId: 'u' }, 'score is required'],
      [{ userId: 'u', score: 5, reason: 'r'.repeat(2001) }, 'reason must be shorter than or equal to 2000'],
      [{ userId: 'u', score: 5, reason: 3 }, 'reason must be a string'],
      [{ userId: 'u', score: 5, surveyId: '' }, 'surveyId must be longer than or equal to 1 characters'],
      [{ userId: 'u', score: 5, surveyId: 's'.repeat(101) }, 'surveyId must be shorter than or equal to 100'],
      [{ userId: 'u', score: 5, comment: 'x' }, 'comment is not an allowed field'],
      [{ userId: 'u\u0000', score: 5 }, 'userId must not contain NUL characters'],
      [{ userId: 'u', score: 5, reason: 'r\u0000' }, 'reason must not contain NUL characters'],
    ];
    it.each(invalid.map(([body, message]) => [message, body] as const))(
      'rejects with "%s"',
      async (message, body) => {
        const res = await answer(body).expect(400);
        expect(res.body.message).toContain(message);
      },
    );

    it('requires an ingest key', async () => {
      await t.http.post('/api/v1/nps').send({ userId: 'u', score: 5 }).expect(401);
    });
  });

  it('keeps one answer per user and survey: a new answer replaces it and is counted once', async () => {
    const before = {
      detractor: await metric('nps_responses_total', { category: 'detractor' }),
      promoter: await metric('nps_responses_total', { category: 'promoter' }),
    };
    clock.set(new Date('2026-10-01T08:00:00Z'));
    const first = await answer({ userId: 'u-up', score: 3, reason: 'slow', surveyId: 'upsert' }).expect(201);
    expect(first.body).toEqual({
      userId: 'u-up',
      surveyId: 'upsert',
      score: 3,
      category: 'detractor',
      replaced: false,
    });
    clock.set(new Date('2026-10-03T08:00:00Z'));
    const second = await answer({ userId: 'u-up', score: 10, surveyId: 'upsert' }).expect(201);
    expect(second.body).toMatchObject({ score: 10, category: 'promoter', replaced: true });

    const stored = await row('upsert', 'u-up');
    expect(stored).toMatchObject({ score: 10, reason: null });
    expect(new Date(stored.created_at).toISOString()).toBe('2026-10-01T08:00:00.000Z');
    expect(new Date(stored.updated_at).toISOString()).toBe('2026-10-03T08:00:00.000Z');
    expect(await metric('nps_responses_total', { category: 'detractor' })).toBe(before.detractor + 1);
    expect(await metric('nps_responses_total', { category: 'promoter' })).toBe(before.promoter);

    await answer({ userId: 'u-up', score: 8 }).expect(201); // the default survey is another survey
    expect(await row('default', 'u-up')).toMatchObject({ score: 8 });
    await t.app.get(DataSource).query(`DELETE FROM nps_responses WHERE user_id = 'u-up'`);
  });

  describe('report', () => {
    beforeAll(async () => {
      // week of Nov 2: four promoters (+ one passive in survey "beta"); week of Nov 9: three detractors
      for (const [i, score] of [9, 10, 10, 9].entries()) {
        await answerAt(new Date(T0.getTime() + i * DAY), { userId: `p${i}`, score });
      }
      await answerAt(new Date(T0.getTime() + DAY), { userId: 'b1', score: 8, surveyId: 'beta' });
      for (const [i, score] of [0, 6, 3].entries()) {
        await answerAt(new Date(T0.getTime() + (7 + i) * DAY), { userId: `d${i}`, score });
      }
    });

    const report = async (query: string) =>
      (
        await t.http
          .get(`/api/v1/admin/reports/nps?${query}`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body;

    it('computes per week and overall: all promoters, all detractors, an empty week', async () => {
      const body = await report(
        'from=2026-11-02T00:00:00Z&to=2026-11-23T00:00:00Z&interval=week&surveyId=default',
      );
      expect(body.intervals.map((i: { start: string }) => i.start)).toEqual([
        '2026-11-02T00:00:00.000Z',
        '2026-11-09T00:00:00.000Z',
        '2026-11-16T00:00:00.000Z',
      ]);
      const [promoters, detractors, empty] = body.intervals;
      expect(promoters).toMatchObject({
        responses: 4,
        promoters: 4,
        passives: 0,
        detractors: 0,
        shares: { promoters: 1, passives: 0, detractors: 0 },
        nps: 100,
        marginOfError: 0,
        ci95: { low: 100, high: 100 },
      });
      expect(detractors).toMatchObject({ responses: 3, detractors: 3, nps: -100, marginOfError: 0 });
      expect(empty).toMatchObject({ responses: 0, nps: null, shares: null, marginOfError: null, ci95: null });
      // 4 promoters, 3 detractors of 7: NPS 14.29; Var = 1 − (1/7)² ; margin = 1.96·√(Var/7)·100 = 73.32
      expect(body.overall).toEqual({
        responses: 7,
        promoters: 4,
        passives: 0,
        detractors: 3,
        shares: { promoters: 0.5714, passives: 0, detractors: 0.4286 },
        nps: 14.29,
        marginOfError: 73.32,
        ci95: { low: -59.04, high: 87.61 },
      });
    });

    it('counts every survey without surveyId', async () => {
      const body = await report('from=2026-11-02T00:00:00Z&to=2026-11-16T00:00:00Z&interval=week');
      expect(body.overall).toMatchObject({
        responses: 8,
        promoters: 4,
        passives: 1,
        detractors: 3,
        nps: 12.5,
      });
      expect(body.surveyId).toBeNull();
    });

    it('answers null NPS for a period without answers', async () => {
      const body = await report('from=2025-01-01T00:00:00Z&to=2025-01-03T00:00:00Z&interval=day');
      expect(body.intervals).toHaveLength(2);
      expect(body.overall).toMatchObject({ responses: 0, nps: null });
    });

    it('rejects bad report queries naming the field', async () => {
      for (const [query, text] of [
        ['interval=hour', 'interval must be one of'],
        ['from=2026-13-01', 'from must be a valid ISO 8601 date string'],
        ['from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z', 'from must be before to'],
        ['from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=day', 'more than 1000 day intervals'],
        ['surveyId=', 'surveyId must be longer than or equal to 1 characters'],
      ]) {
        const res = await t.http
          .get(`/api/v1/admin/reports/nps?${query}`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(400);
        expect(res.body.message).toContain(text);
      }
      await t.http.get('/api/v1/admin/reports/nps').set('Authorization', `Bearer ${ingest}`).expect(403);
    });

    it('rolls up NPS per day and survey (idempotently) and sets nps_score{window="30d"}', async () => {
      clock.set(new Date('2026-11-20T00:05:00Z'));
      const job = t.app.get(NpsRollupJob);
      await expect(job.run()).resolves.toEqual({ rows: 8, nps30d: 12.5 });
      await expect(job.run()).resolves.toEqual({ rows: 8, nps30d: 12.5 });
      const daily = await t.app.get(DataSource).query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, survey_id, responses, promoters, passives, detractors, nps
             FROM nps_daily ORDER BY day, survey_id`,
      );
      expect(daily).toHaveLength(8);
      expect(daily[0]).toEqual({
        day: '2026-11-02',
        survey_id: 'default',
        responses: 1,
        promoters: 1,
        passives: 0,
        detractors: 0,
        nps: 100,
      });
      expect(daily.find((d: { survey_id: string }) => d.survey_id === 'beta')).toMatchObject({
        day: '2026-11-03',
        nps: 0,
      });
      const gauge = t.app.get<Gauge<string>>(getToken('nps_score'));
      const values = (await gauge.get()).values;
      expect(values.find((v) => v.labels.window === '30d')?.value).toBe(12.5);
    });

    it('sets nps_score at start, before the first 00:05 run', async () => {
      const gauge = t.app.get<Gauge<string>>(getToken('nps_score'));
      gauge.reset();
      const again = await createTestApp({ isolation: t.isolation, clock, env: { OUTBOX_POLL_MS: '0' } });
      try {
        const values = (await gauge.get()).values;
        expect(values.find((v) => v.labels.window === '30d')?.value).toBe(12.5);
      } finally {
        await again.close();
      }
    });
    it('serves the admin report from the cache for a minute; the read service is never cached', async () => {
      const query = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z&interval=day&surveyId=default';
      const first = await report(query);
      await answerAt(new Date(T0.getTime() + 5 * DAY), { userId: 'late', score: 0 });
      try {
        const second = await report(query);
        expect(second.overall.responses).toBe(first.overall.responses);
        const fresh = await t.app
          .get(NpsReadService)
          .nps(new Date('2026-11-02T00:00:00Z'), new Date('2026-11-09T00:00:00Z'), 'default');
        expect(fresh.responses).toBe(first.overall.responses + 1);
      } finally {
        await t.app.get(DataSource).query(`DELETE FROM nps_responses WHERE user_id = 'late'`);
      }
    });
  });

  describe('one-click links', () => {
    const sign = (userId: string, surveyId: string, expiresAt: Date) =>
      t.app.get(NpsLinkSigner).sign({ userId, surveyId, expiresAt });

    beforeEach(() => clock.set(new Date('2026-11-21T12:00:00Z')));

    it('records the score of a signed link and answers a thank-you page', async () => {
      const token = sign('mail-1', 'q4', new Date('2026-11-28T00:00:00Z'));
      const res = await t.http.get(`/api/v1/nps?token=${token}&score=9`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Thank you');
      expect(await row('q4', 'mail-1')).toMatchObject({ score: 9 });
      await t.http.get(`/api/v1/nps?token=${token}&score=4`).expect(200);
      expect(await row('q4', 'mail-1')).toMatchObject({ score: 4 });
    });

    it('refuses a link whose score was cut off (score=), instead of recording a 0', async () => {
      const good = sign('mail-cut', 'q4', new Date('2026-11-28T00:00:00Z'));
      const res = await t.http.get(`/api/v1/nps?token=${good}&score=`).expect(400);
      expect(res.text).toContain('This link does not work');
    });

    it('answers a 400 page for a tampered, expired, missing or out-of-range link', async () => {
      const good = sign('mail-2', 'q4', new Date('2026-11-28T00:00:00Z'));
      const [body, signature] = good.split('.');
      const otherUser = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'victim' }),
      ).toString('base64url');
      const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      const expired = sign('mail-2', 'q4', new Date('2026-11-20T00:00:00Z'));
      const errors = { method: 'GET', route: '/api/v1/nps' };
      t.app.get(HttpMetrics).flushPending();
      const plain = await metric('http_request_errors_total', { ...errors, error_type: 'HttpError4xx' });
      const badRequest = await metric('http_request_errors_total', {
        ...errors,
        error_type: 'BadRequestException',
      });
      const badToken = await metric('http_request_errors_total', {
        ...errors,
        error_type: 'InvalidNpsLinkTokenError',
      });
      for (const query of [
        `token=${otherUser}.${signature}&score=9`,
        `token=${body}.${flipped}&score=9`,
        `token=${expired}&score=9`,
        `token=garbage&score=9`,
        `score=9`,
        `token=${good}&score=11`,
        `token=${good}&score=ten`,
      ]) {
        const res = await t.http.get(`/api/v1/nps?${query}`).expect(400);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('This link does not work');
      }
      // Counted by exception class, as everywhere else: not as a bare HttpError4xx.
      t.app.get(HttpMetrics).flushPending();
      expect(await metric('http_request_errors_total', { ...errors, error_type: 'HttpError4xx' })).toBe(
        plain,
      );
      expect(
        (await metric('http_request_errors_total', { ...errors, error_type: 'BadRequestException' })) -
          badRequest,
      ).toBe(3);
      expect(
        (await metric('http_request_errors_total', { ...errors, error_type: 'InvalidNpsLinkTokenError' })) -
          badToken,
      ).toBe(4);
      expect(await row('q4', 'victim')).toBeUndefined();
      expect(await row('q4', 'mail-2')).toBeUndefined();
    });
  });
});
