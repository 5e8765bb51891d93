import {
  AdjustedStatistic,
  adjustedEffectMoments,
  effectMoments,
  proportion,
  sampleMean,
  sequentialTwoSidedTest,
  twoSidedTTest,
  TestResult,
} from './frequentist-tests';

/**
 * Fixtures copied from GrowthBook's gbstats test suite, packages/stats/tests/frequentist/test_tests.py
 * (growthbook/growthbook; classes TestTwoSidedTTest and TestSequentialTTest). gbstats rounds to 5
 * decimals; so do these checks (toBeCloseTo(x, 5) ⇔ |Δ| < 5e-6).
 */
const expectResult = (
  r: TestResult,
  expected: { estimate: number; ci: [number, number]; stddev: number; pValue: number },
) => {
  expect(r.estimate).toBeCloseTo(expected.estimate, 5);
  expect(r.ci.low).toBeCloseTo(expected.ci[0], 5);
  expect(r.ci.high).toBeCloseTo(expected.ci[1], 5);
  expect(r.standardError).toBeCloseTo(expected.stddev, 5);
  expect(r.pValue).toBeCloseTo(expected.pValue, 5);
};

describe('gbstats fixtures: TestTwoSidedTTest (fixed horizon, Welch)', () => {
  const a = sampleMean(1396.87, 52377.9767, 3407);
  const b = sampleMean(2422.7, 134698.29, 3461);

  it('test_two_sided_ttest (relative)', () => {
    expectResult(twoSidedTTest(effectMoments(a, b, 'relative')!), {
      estimate: 0.70732,
      ci: [-0.03526, 1.44989],
      stddev: 0.37879,
      pValue: 0.06191,
    });
  });

  it('test_two_sided_ttest_absolute', () => {
    expectResult(twoSidedTTest(effectMoments(a, b, 'absolute')!), {
      estimate: 0.7 - 0.41,
      ci: [0.04538, 0.53462],
      stddev: 0.12478,
      pValue: 0.02016,
    });
  });

  it('test_two_sided_ttest_binom', () => {
    expectResult(twoSidedTTest(effectMoments(proportion(14, 28), proportion(16, 30), 'relative')!), {
      estimate: (16 / 30 - 0.5) / 0.5,
      ci: [-0.47767, 0.61101],
      stddev: 0.2717,
      pValue: 0.80707,
    });
  });

  it('test_two_sided_ttest_missing_variance: n = 2 vs 3461 has no variance → null (gbstats default output)', () => {
    // gbstats: a control of n=2 with these sums has a negative sample variance → ZERO_NEGATIVE_VARIANCE.
    expect(effectMoments(sampleMean(1396.87, 52377.9767, 2), b, 'relative')).toBeNull();
  });
});

describe('gbstats fixtures: TestSequentialTTest (always valid)', () => {
  const a = sampleMean(1396.87, 52377.9767, 3000);
  const b = sampleMean(2422.7, 134698.29, 3461);

  it('test_sequential_test_runs (sequential_tuning_parameter=1000)', () => {
    expectResult(sequentialTwoSidedTest(effectMoments(a, b, 'relative')!, 1000), {
      estimate: 0.50336,
      ci: [-0.55844, 1.56516],
      stddev: 0.33341,
      pValue: 1,
    });
  });

  it('test_sequential_test_runs_prop (default tuning 5000)', () => {
    expectResult(
      sequentialTwoSidedTest(effectMoments(proportion(1396, 3000), proportion(2422, 3461), 'relative')!),
      {
        estimate: 0.50386,
        ci: [0.40098, 0.60675],
        stddev: 0.03386,
        pValue: 0.0,
      },
    );
  });

  it('test_sequential_test_runs_ra (CUPED, default tuning)', () => {
    const stat = (pre: [number, number], post: [number, number], n: number): AdjustedStatistic => ({
      pre: sampleMean(pre[0], pre[1], n),
      post: sampleMean(post[0], post[1], n),
      postPreSumOfProducts: 1,
    });
    const moments = adjustedEffectMoments(
      stat([16.87, 527.9767], [1396.87, 52377.9767], 3000),
      stat([22.7, 1348.29], [2422.7, 134698.29], 3461),
      'relative',
    )!;
    expect(moments.theta).not.toBe(0);
    expectResult(sequentialTwoSidedTest(moments), {
      estimate: 0.50338,
      ci: [-0.50969, 1.51646],
      stddev: 0.33341,
      pValue: 1,
    });
  });

  it('test_sequential_test_tuning_as_expected: narrowest when N is near the sample', () => {
    const m = effectMoments(a, b, 'relative')!;
    const below = sequentialTwoSidedTest(m, 10).ci;
    const near = sequentialTwoSidedTest(m, 6461).ci;
    const above = sequentialTwoSidedTest(m, 10000).ci;
    expect(below.low < above.low && below.high > above.high).toBe(true);
    expect(below.low < near.low && below.high > near.high).toBe(true);
    expect(above.low < near.low && above.high > near.high).toBe(true);
  });

  it('is wider than the fixed-horizon interval and its p-value is larger (the price of peeking)', () => {
    const m = effectMoments(proportion(1396, 3000), proportion(2422, 3461), 'absolute')!;
    const fixed = twoSidedTTest(m);
    const sequential = sequentialTwoSidedTest(m);
    expect(sequential.ci.high - sequential.ci.low).toBeGreaterThan(fixed.ci.high - fixed.ci.low);
    const small = effectMoments(proportion(200, 1000), proportion(240, 1000), 'absolute')!;
    expect(sequentialTwoSidedTest(small).pValue).toBeGreaterThan(twoSidedTTest(small).pValue);
  });
});

describe('CUPED (regression adjustment)', () => {
  it('falls back to the unadjusted result when the covariate is constant (θ = 0, as gbstats)', () => {
    const stat = (conversions: number, n: number): AdjustedStatistic => ({
      post: proportion(conversions, n),
      pre: sampleMean(2 * n, 4 * n, n), // every user had exactly 2 pre-exposure events
      postPreSumOfProducts: 2 * conversions,
    });
    const adjusted = adjustedEffectMoments(stat(200, 1000), stat(250, 1000), 'relative')!;
    const plain = effectMoments(proportion(200, 1000), proportion(250, 1000), 'relative')!;
    expect(adjusted.theta).toBe(0);
    expect(adjusted.estimate).toBeCloseTo(plain.estimate, 12);
    expect(adjusted.standardError).toBeCloseTo(plain.standardError, 12);
  });
});
