import { EventPartitionsService } from '@app/activity';
import { DataSource } from 'typeorm';
import {
  adjustedEffectMoments,
  effectMoments,
  proportion,
  sampleMean,
  sequentialTwoSidedTest,
} from '@app/experiments';
import { TestApp, createTestApp } from './utils/test-app';

/** Sequential analysis, CUPED, multiple comparisons, power and the decision, through the HTTP API. */
describe('experiment analysis (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let db: DataSource;
  const exposedAt = new Date('2026-11-01T00:00:00Z');
  const N = 2000;

  const create = (body: object) =>
    t.http.post('/api/v1/admin/experiments').set('Authorization', `Bearer ${admin}`).send(body);
  const start = (key: string) =>
    t.http.post(`/api/v1/admin/experiments/${key}/start`).set('Authorization', `Bearer ${admin}`);
  const patch = (key: string, body: object) =>
    t.http.patch(`/api/v1/admin/experiments/${key}`).set('Authorization', `Bearer ${admin}`).send(body);
  const results = (key: string) =>
    t.http.get(`/api/v1/admin/experiments/${key}/results`).set('Authorization', `Bearer ${admin}`);
  const threeArms = {
    variants: [
      { key: 'control', weight: 1 },
      { key: 'b', weight: 1 },
      { key: 'c', weight: 1 },
    ],
  };

  /**
   * N users per arm; even-numbered users are "engaged": 3 purchases in the 14 days before exposure
   * (everyone also bought once 30 days before, outside the window). After exposure, engaged users
   * convert at engagedRate, the others at 10%; `refundEvery` sets the refund (guardrail) rate.
   */
  const rule = (i: number, engagedTenths: number) =>
    i % 2 === 0 ? (i / 2) % 10 < engagedTenths : ((i - 1) / 2) % 10 < 1;
  async function seedArm(key: string, variant: string, engagedTenths: number, refundTenths: number) {
    await db.query(
      `INSERT INTO experiment_exposures (experiment_key, user_id, variant, exposed_at)
       SELECT $1, $1 || '-' || $2 || '-' || i, $2, $3 FROM generate_series(1, $4) i`,
      [key, variant, exposedAt, N],
    );
    await db.query(
      `INSERT INTO analytics_events (user_id, event, occurred_at)
       SELECT $1 || '-' || $2 || '-' || i, 'purchase', $3::timestamptz - d * interval '1 day'
         FROM generate_series(1, $4) i, unnest(ARRAY[1, 2, 5]) d WHERE i % 2 = 0
       UNION ALL
       SELECT $1 || '-' || $2 || '-' || i, 'purchase', $3::timestamptz - interval '30 days' FROM generate_series(1, $4) i
       UNION ALL
       SELECT $1 || '-' || $2 || '-' || i, 'purchase', $3::timestamptz + interval '2 hours' FROM generate_series(1, $4) i
        WHERE CASE WHEN i % 2 = 0 THEN (i / 2) % 10 < $5 ELSE ((i - 1) / 2) % 10 < 1 END
       UNION ALL
       SELECT $1 || '-' || $2 || '-' || i, 'refund', $3::timestamptz + interval '3 hours' FROM generate_series(1, $4) i
        WHERE i % 10 < $6`,
      [key, variant, exposedAt, N, engagedTenths, refundTenths],
    );
  }
  /** The same arm, summed in JS: what the SQL must hand to the statistics. */
  function expectedArm(engagedTenths: number) {
    let [converted, pre, preSquares, products] = [0, 0, 0, 0];
    for (let i = 1; i <= N; i++) {
      const x = i % 2 === 0 ? 3 : 0;
      const y = rule(i, engagedTenths) ? 1 : 0;
      converted += y;
      pre += x;
      preSquares += x * x;
      products += x * y;
    }
    return {
      post: proportion(converted, N),
      pre: sampleMean(pre, preSquares, N),
      postPreSumOfProducts: products,
    };
  }

  beforeAll(async () => {
    t = await createTestApp({ label: 'experiment-analysis' });
    admin = await t.keyFor('admin');
    db = t.app.get(DataSource);
    // analytics_events is partitioned by day: raw inserts need the days' partitions (the API makes them).
    const day = 86_400_000;
    await t.app
      .get(EventPartitionsService)
      .ensure(new Date(exposedAt.getTime() - 31 * day), new Date(exposedAt.getTime() + day));
  });

  afterAll(async () => {
    await t.close();
  });

  describe('settings', () => {
    it('defaults to sequential analysis with Holm, a 14-day CUPED window and a 5% target MDE', async () => {
      const res = await create({ key: 'defaults', ...threeArms, primaryEvent: 'purchase' }).expect(201);
      expect(res.body).toMatchObject({
        analysis: 'sequential',
        sequentialTuning: 5000,
        correction: 'holm',
        cupedWindowDays: 14,
        targetMde: 0.05,
      });
    });

    it.each([
      [{ analysis: 'bayesian' }, 'analysis must be one of sequential, fixed'],
      [{ sequentialTuning: 0 }, 'sequentialTuning must be between'],
      [{ correction: 'bonferroni' }, 'correction must be one of holm, benjamini-hochberg, none'],
      [{ cupedWindowDays: 91 }, 'cupedWindowDays must be an integer between 0 and 90'],
      [{ cupedWindowDays: 1.5 }, 'cupedWindowDays must be an integer'],
      [{ targetMde: 0 }, 'targetMde must be between'],
    ])('rejects invalid settings %#, naming the field', async (settings, message) => {
      const res = await create({ key: 'bad-settings', ...threeArms, primaryEvent: 'e', ...settings }).expect(
        400,
      );
      expect(res.body.message).toContain(message);
    });

    it('freezes the analysis plan at the start but lets the target MDE change', async () => {
      await create({ key: 'frozen-plan', ...threeArms, primaryEvent: 'purchase' }).expect(201);
      await patch('frozen-plan', { correction: 'benjamini-hochberg', cupedWindowDays: 7 }).expect(200);
      await start('frozen-plan').expect(200);
      const res = await patch('frozen-plan', { analysis: 'fixed' }).expect(409);
      expect(res.body.message).toContain('analysis of a running experiment cannot change');
      expect(res.body.message).toContain('analysis plan is fixed at the start');
      await patch('frozen-plan', { sequentialTuning: 100 }).expect(409);
      const ok = await patch('frozen-plan', { targetMde: 0.1 }).expect(200);
      expect(ok.body).toMatchObject({ targetMde: 0.1, correction: 'benjamini-hochberg', cupedWindowDays: 7 });
    });
  });

  describe('results of a running experiment', () => {
    it('carry sequential intervals, CUPED, adjusted p-values, power and a decision (no NaN)', async () => {
      await create({
        key: 'full',
        ...threeArms,
        primaryEvent: 'purchase',
        guardrailEvents: ['refund'],
      }).expect(201);
      await start('full').expect(200);
      await seedArm('full', 'control', 5, 1);
      await seedArm('full', 'b', 7, 1);
      await seedArm('full', 'c', 5, 3);
      const res = await results('full').expect(200);
      const body = res.body;
      expect(res.text).not.toContain('NaN');
      expect(body.analysis).toEqual({
        analysis: 'sequential',
        alpha: 0.05,
        sequentialTuning: 5000,
        cupedWindowDays: 14,
      });

      const [control, b] = body.primary.variants;
      expect(control.inference).toBeNull();
      expect(b).toMatchObject({ exposed: N, converted: 800, rate: 0.4 });
      expect(b.vsControl.relativeLift).toBeCloseTo(1 / 3, 10); // the fixed-horizon field stays
      // Unadjusted: the sequential test on the SQL counts.
      const plain = sequentialTwoSidedTest(
        effectMoments(proportion(600, N), proportion(800, N), 'relative')!,
      );
      expect(b.inference.test).toBe('sequential');
      expect(b.inference.relative.estimate).toBeCloseTo(1 / 3, 10);
      expect(b.inference.relative.ci.low).toBeCloseTo(plain.ci.low, 10);
      expect(b.inference.relative.pValue).toBeCloseTo(plain.pValue, 10);
      // CUPED: the SQL covariate sums are exactly the seeded ones (the 30-day-old purchase is outside).
      const moments = adjustedEffectMoments(expectedArm(5), expectedArm(7), 'relative')!;
      const cuped = sequentialTwoSidedTest(moments);
      expect(b.inference.cuped.theta).toBeCloseTo(moments.theta, 10);
      expect(b.inference.cuped.relative.ci.low).toBeCloseTo(cuped.ci.low, 10);
      expect(b.inference.cuped.relative.ci.high).toBeCloseTo(cuped.ci.high, 10);
      expect(b.inference.cuped.varianceReduction).toBeGreaterThan(0.2);
      const width = (ci: { low: number; high: number }) => ci.high - ci.low;
      expect(width(b.inference.cuped.relative.ci)).toBeLessThan(width(b.inference.relative.ci));
      expect(b.inference.pValue).toBe(b.inference.cuped.relative.pValue);

      // Holm over 2 treatments × (primary + refund): adjusted ≥ raw, labelled.
      expect(body.multipleComparisons).toMatchObject({ method: 'holm', familySize: 4 });
      expect(body.multipleComparisons.label).toContain('Holm');
      for (const metric of [body.primary, ...body.guardrails]) {
        for (const v of metric.variants.slice(1)) {
          expect(v.inference.adjustedPValue).toBeGreaterThanOrEqual(v.inference.pValue);
        }
      }
      const refundC = body.guardrails[0].variants[2].inference;
      expect(refundC.cuped).toBeNull();
      expect(refundC.significant).toBe(true);

      // Power of the primary at the control's 30%: MDE now, users and days for a 5% lift.
      expect(body.power).toMatchObject({ power: 0.8, alpha: 0.05, targetMde: 0.05, controlRate: 0.3 });
      expect(body.power.fixed.mdeNow).toBeGreaterThan(0);
      expect(body.power.sequential.mdeNow).toBeGreaterThan(body.power.fixed.mdeNow);
      expect(body.power.sequential.usersNeeded).toBeGreaterThan(body.power.fixed.usersNeeded);
      expect(body.power.exposuresPerDay).toBeGreaterThan(0);
      expect(body.power.fixed.daysNeeded).toBeGreaterThan(0);

      // b wins the primary but c raised refunds: a guardrail hurt outranks any "ship".
      expect(body.decision).toMatchObject({ verdict: 'guardrail hurt', treatment: 'c' });
      expect(body.decision.reasons[0]).toContain('refund');
    });

    it('ships the winner once no guardrail is hurt', async () => {
      await create({
        key: 'winner',
        ...threeArms,
        primaryEvent: 'purchase',
        guardrailEvents: ['refund'],
      }).expect(201);
      await start('winner').expect(200);
      await seedArm('winner', 'control', 5, 1);
      await seedArm('winner', 'b', 7, 1);
      await seedArm('winner', 'c', 5, 1);
      const body = (await results('winner').expect(200)).body;
      expect(body.decision).toMatchObject({ verdict: 'ship', treatment: 'b' });
    });

    it('never decides on a fixed-horizon test peeked before its planned sample', async () => {
      await create({
        key: 'fixed-peek',
        variants: threeArms.variants.slice(0, 2),
        primaryEvent: 'purchase',
        analysis: 'fixed',
        cupedWindowDays: 0,
        correction: 'none',
      }).expect(201);
      await start('fixed-peek').expect(200);
      await seedArm('fixed-peek', 'control', 5, 0);
      await seedArm('fixed-peek', 'b', 7, 0);
      const body = (await results('fixed-peek').expect(200)).body;
      const b = body.primary.variants[1].inference;
      expect(b.test).toBe('fixed');
      expect(b.cuped).toBeNull(); // window 0: no covariate
      expect(b.pValue).toBeLessThan(1e-6);
      expect(body.multipleComparisons).toMatchObject({ method: 'none', familySize: 1 });
      expect(body.decision.verdict).toBe('keep running');
      expect(body.decision.reasons[0]).toContain('peeking');
      // Planned for a 50% lift instead (editable while running): 4,000 users are enough, the verdict stands.
      await patch('fixed-peek', { targetMde: 0.5 }).expect(200);
      expect((await results('fixed-peek').expect(200)).body.decision).toMatchObject({
        verdict: 'ship',
        treatment: 'b',
      });
    });

    it('answers null, never NaN, for an empty arm and an experiment without data', async () => {
      await create({
        key: 'sparse',
        ...threeArms,
        primaryEvent: 'purchase',
        guardrailEvents: ['refund'],
      }).expect(201);
      await start('sparse').expect(200);
      const empty = await results('sparse').expect(200);
      expect(empty.text).not.toContain('NaN');
      expect(empty.body.power.fixed).toEqual({
        mdeNow: null,
        usersNeeded: null,
        daysNeeded: null,
        daysRemaining: null,
      });
      expect(empty.body.primary.variants[1].inference).toMatchObject({
        pValue: null,
        adjustedPValue: null,
        cuped: null,
      });
      expect(empty.body.decision.verdict).toBe('keep running');
      await seedArm('sparse', 'control', 5, 0);
      await seedArm('sparse', 'b', 5, 0);
      await patch('sparse', { description: 'seeded' }).expect(200); // new version: not the cached answer
      const res = await results('sparse').expect(200);
      expect(res.text).not.toContain('NaN');
      const c = res.body.primary.variants[2].inference;
      expect(c.relative).toEqual({ estimate: null, ci: null, pValue: null });
      expect(c.significant).toBeNull();
    });
  });
});
