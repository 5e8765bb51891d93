import { frequentistVariance, minimumDetectableEffect, powerEstimate, usersNeeded } from './power';

/**
 * Fixtures copied from GrowthBook's power tests: packages/front-end/test/components/PowerCalculation/
 * stats.test.ts (growthbook/growthbook, describe "backend"). GrowthBook rounds to 5 decimals.
 */
describe('GrowthBook power fixtures', () => {
  const mean = 10;
  const variance = 3909.9997749994377;

  it('delta method variance absolute / relative correct', () => {
    expect(frequentistVariance(2, 7, 4, 0.5, 5, 15, false)).toBeCloseTo(0.53333, 5);
    expect(frequentistVariance(2, 7, 4, 0.5, 5, 15, true)).toBeCloseTo(0.00589, 5);
  });

  it('calculates power correctly (fixed)', () => {
    expect(powerEstimate(0.05, mean, variance, 400000, 3, 0.05)).toBeCloseTo(0.52144, 5);
  });

  it('calculates two-tailed mde correctly (fixed)', () => {
    expect(minimumDetectableEffect(0.8, mean, variance, 400000, 3, 0.05)).toBeCloseTo(0.07027, 5);
  });

  it('calculates sequential power correctly (tuning 5000)', () => {
    expect(powerEstimate(0.05, mean, variance, 400000, 3, 0.05, 5000)).toBeCloseTo(0.20596, 5);
  });

  it('calculates sequential mde correctly (tuning 5000)', () => {
    expect(minimumDetectableEffect(0.8, mean, variance, 400000, 3, 0.05, 5000)).toBeCloseTo(0.12821, 5);
  });

  // "checks power" / "checks sequential power": 4,500 users a week, 3 variations, weeks 1..9;
  // click_through_rate: binomial 0.1, effect 0.3; revenue: mean 0.1, variance 0.5, effect 0.05.
  const weekly = (tuning: number) =>
    Array.from({ length: 9 }, (_, week) => {
      const n = 4500 * (week + 1);
      return [
        powerEstimate(0.3, 0.1, 0.09, n, 3, 0.05, tuning),
        powerEstimate(0.05, 0.1, 0.5, n, 3, 0.05, tuning),
        minimumDetectableEffect(0.8, 0.1, 0.09, n, 3, 0.05, tuning),
        minimumDetectableEffect(0.8, 0.1, 0.5, n, 3, 0.05, tuning),
      ];
    });
  const round = (x: number | null) => (x === null ? null : Number(x.toFixed(5)));

  it('checks power (fixed): the weekly power and MDE tables', () => {
    const rows = weekly(0);
    expect(rows.flatMap((r) => [r[0], r[1]]).map(round)).toEqual([
      0.65596, 0.0541, 0.91614, 0.05821, 0.98342, 0.06235, 0.99713, 0.0665, 0.99955, 0.07067, 0.99993,
      0.07486, 0.99999, 0.07906, 1.0, 0.08328, 1.0, 0.08752,
    ]);
    expect(rows.flatMap((r) => [r[2], r[3]]).map(round)).toEqual([
      0.36767, 1.26769, 0.24505, 0.71941, 0.19525, 0.54299, 0.16673, 0.4506, 0.14774, 0.39208, 0.13394,
      0.35099, 0.12336, 0.32018, 0.11491, 0.29603, 0.10796, 0.27647,
    ]);
  });

  it('checks sequential power (tuning 5000): the weekly power and MDE tables', () => {
    const rows = weekly(5000);
    expect(rows.flatMap((r) => [r[0], r[1]]).map(round)).toEqual([
      0.32738, 0.05168, 0.57751, 0.05341, 0.74687, 0.05506, 0.85299, 0.05666, 0.91653, 0.05822, 0.95341,
      0.05976, 0.97435, 0.06127, 0.98603, 0.06277, 0.99247, 0.06424,
    ]);
    expect(rows.flatMap((r) => [r[2], r[3]]).map(round)).toEqual([
      0.65545, 4.33868, 0.4112, 1.51846, 0.32394, 1.04943, 0.27607, 0.84084, 0.24484, 0.71862, 0.22241,
      0.63663, 0.20532, 0.577, 0.19172, 0.53123, 0.18058, 0.49473,
    ]);
  });

  it('sample size and runtime: 80% power in week 2 (fixed) and week 4 (sequential) for the CTR', () => {
    // GrowthBook reports the first week with power ≥ 0.8; usersNeeded lands inside that week.
    const fixed = usersNeeded(0.3, 0.8, 0.1, 0.09, 3, 0.05)!;
    const sequential = usersNeeded(0.3, 0.8, 0.1, 0.09, 3, 0.05, 5000)!;
    expect(Math.ceil(fixed / 4500)).toBe(2);
    expect(Math.ceil(sequential / 4500)).toBe(4);
    expect(powerEstimate(0.3, 0.1, 0.09, fixed, 3, 0.05)).toBeGreaterThanOrEqual(0.8);
    expect(powerEstimate(0.3, 0.1, 0.09, fixed - 1, 3, 0.05)).toBeLessThan(0.8);
    // The minimum detectable effect at exactly that sample is the target lift.
    expect(minimumDetectableEffect(0.8, 0.1, 0.09, fixed, 3, 0.05)).toBeCloseTo(0.3, 2);
  });

  it('answers null, never NaN, where nothing is detectable', () => {
    expect(minimumDetectableEffect(0.8, 0.1, 0.09, 30, 3, 0.05)).toBeNull();
    expect(minimumDetectableEffect(0.8, 0, 0, 1000, 2, 0.05)).toBeNull();
    expect(usersNeeded(0.05, 0.8, 0, 0, 2, 0.05)).toBeNull();
  });
});
