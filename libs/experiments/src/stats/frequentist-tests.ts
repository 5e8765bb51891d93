import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * GrowthBook's frequentist engine (gbstats, packages/stats/gbstats/frequentist/tests.py and
 * models/statistics.py), ported for the statistics Pulse computes: a per-user metric summarised by
 * (n, sum, sum of squares) and, for CUPED, the same for a pre-exposure covariate plus Σ post·pre.
 * Where gbstats returns its "default output" (zero variance, zero baseline) this returns null.
 * Pinned to gbstats' own test fixtures in frequentist-tests.spec.ts.
 */

export const DEFAULT_ALPHA = 0.05;
/** gbstats' default sequential tuning parameter N: the confidence sequence is tightest near n ≈ N. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/** A per-unit metric: a 0/1 conversion ("proportion") or any number ("mean"). */
export interface UnitStatistic {
  kind: 'proportion' | 'mean';
  n: number;
  sum: number;
  /** Σx²; equals sum for a proportion. */
  sumSquares: number;
}

export const proportion = (sum: number, n: number): UnitStatistic => ({
  kind: 'proportion',
  n,
  sum,
  sumSquares: sum,
});
export const sampleMean = (sum: number, sumSquares: number, n: number): UnitStatistic => ({
  kind: 'mean',
  n,
  sum,
  sumSquares,
});

export function meanOf(s: UnitStatistic): number {
  return s.n === 0 ? 0 : s.sum / s.n;
}

/** Per-unit variance: p(1−p) for a proportion (as gbstats), the n−1 sample variance otherwise. */
export function varianceOf(s: UnitStatistic): number {
  if (s.kind === 'proportion') {
    const p = meanOf(s);
    return p * (1 - p);
  }
  if (s.n <= 1) return 0;
  return (s.sumSquares - s.sum ** 2 / s.n) / (s.n - 1);
}

/** A regression-adjusted (CUPED) statistic: the metric after exposure and a covariate before it. */
export interface AdjustedStatistic {
  post: UnitStatistic;
  pre: UnitStatistic;
  /** Σ post·pre over the units. */
  postPreSumOfProducts: number;
}

function covariance(n: number, a: UnitStatistic, b: UnitStatistic, sumOfProducts: number): number {
  if (n <= 1) return 0;
  if (a.kind === 'proportion' && b.kind === 'proportion') {
    return sumOfProducts / n - (a.sum * b.sum) / n ** 2;
  }
  return (sumOfProducts - (a.sum * b.sum) / n) / (n - 1);
}

/** θ = Cov(post, pre) / Var(pre), pooled over both arms (gbstats compute_theta). */
export function computeTheta(a: AdjustedStatistic, b: AdjustedStatistic): number {
  const n = a.post.n + b.post.n;
  const joint = (x: UnitStatistic, y: UnitStatistic): UnitStatistic => ({
    kind: x.kind,
    n,
    sum: x.sum + y.sum,
    sumSquares: x.sumSquares + y.sumSquares,
  });
  const pre = joint(a.pre, b.pre);
  const post = joint(a.post, b.post);
  const preVariance = varianceOf(pre);
  if (preVariance === 0 || varianceOf(post) === 0) return 0;
  const jointCovariance =
    (a.postPreSumOfProducts + b.postPreSumOfProducts - (post.sum * pre.sum) / n) / (n - 1);
  return jointCovariance / preVariance;
}

/** The estimator's moments: point estimate and its standard error. */
export interface Moments {
  estimate: number;
  standardError: number;
  /** Per-unit variances and sizes of both arms (for the Welch degrees of freedom). */
  arms: Array<{ n: number; variance: number }>;
}

export type DifferenceType = 'absolute' | 'relative';

/** Treatment vs control on plain statistics (gbstats EffectMoments, frequentist_variance). */
export function effectMoments(a: UnitStatistic, b: UnitStatistic, type: DifferenceType): Moments | null {
  const [varA, varB] = [varianceOf(a), varianceOf(b)];
  const [meanA, meanB] = [meanOf(a), meanOf(b)];
  if (a.n <= 1 || b.n <= 1 || varA <= 0 || varB <= 0 || meanA === 0) return null;
  const arms = [
    { n: a.n, variance: varA },
    { n: b.n, variance: varB },
  ];
  if (type === 'absolute') {
    return { estimate: meanB - meanA, standardError: Math.sqrt(varB / b.n + varA / a.n), arms };
  }
  // Delta method for meanB/meanA − 1.
  const variance = varB / b.n / meanA ** 2 + ((varA / a.n) * meanB ** 2) / meanA ** 4;
  return { estimate: (meanB - meanA) / meanA, standardError: Math.sqrt(variance), arms };
}

export interface AdjustedMoments extends Moments {
  /** The θ used; 0 means the covariate carried no information and the result is unadjusted. */
  theta: number;
}

/**
 * CUPED: Y − θ·(X − X̄) per arm with a θ shared by both arms. Relative lift divides by the unadjusted
 * control mean and uses gbstats' CUPED delta-method variance (frequentist_variance_relative_cuped).
 */
export function adjustedEffectMoments(
  a: AdjustedStatistic,
  b: AdjustedStatistic,
  type: DifferenceType,
): AdjustedMoments | null {
  const theta = computeTheta(a, b);
  if (theta === 0) {
    const plain = effectMoments(a.post, b.post, type);
    return plain && { ...plain, theta: 0 };
  }
  const arm = (s: AdjustedStatistic) => {
    const cov = covariance(s.post.n, s.post, s.pre, s.postPreSumOfProducts);
    const postVariance = varianceOf(s.post);
    const preVariance = varianceOf(s.pre);
    return {
      n: s.post.n,
      postMean: meanOf(s.post),
      postVariance,
      preVariance,
      cov,
      mean: meanOf(s.post) - theta * meanOf(s.pre),
      variance: s.post.n <= 1 ? 0 : postVariance + theta ** 2 * preVariance - 2 * theta * cov,
    };
  };
  const A = arm(a);
  const B = arm(b);
  if (A.n <= 1 || B.n <= 1 || A.variance <= 0 || B.variance <= 0 || A.mean === 0 || A.postMean === 0) {
    return null;
  }
  const arms = [
    { n: A.n, variance: A.variance },
    { n: B.n, variance: B.variance },
  ];
  if (type === 'absolute') {
    const variance = B.variance / B.n + A.variance / A.n;
    return { estimate: B.mean - A.mean, standardError: Math.sqrt(variance), arms, theta };
  }
  const base = A.postMean;
  const vTreatment = B.variance / (B.n * base ** 2);
  const c = -B.postMean;
  const vControl =
    ((A.postVariance * c ** 2) / A.postMean ** 2 +
      (2 * theta * A.cov * c) / A.postMean +
      theta ** 2 * A.preVariance) /
    (A.n * base ** 2);
  const variance = vTreatment + vControl;
  if (!(variance > 0)) return null;
  return { estimate: (B.mean - A.mean) / base, standardError: Math.sqrt(variance), arms, theta };
}

export interface TestResult {
  estimate: number;
  standardError: number;
  ci: { low: number; high: number };
  pValue: number;
}

/** Welch–Satterthwaite degrees of freedom (gbstats TTest.dof). */
export function welchDof(m: Moments): number {
  const [A, B] = m.arms;
  if (A.n <= 1 || B.n <= 1 || A.variance === 0 || B.variance === 0) return 1;
  const numerator = (B.variance / B.n + A.variance / A.n) ** 2;
  const denominator = B.variance ** 2 / (B.n ** 2 * (B.n - 1)) + A.variance ** 2 / (A.n ** 2 * (A.n - 1));
  return numerator / denominator;
}

/** Fixed-horizon two-sided Welch t-test (gbstats TwoSidedTTest): valid for ONE look at a planned n. */
export function twoSidedTTest(m: Moments, alpha = DEFAULT_ALPHA): TestResult {
  const half = tQuantile(1 - alpha / 2, welchDof(m)) * m.standardError;
  return {
    estimate: m.estimate,
    standardError: m.standardError,
    ci: { low: m.estimate - half, high: m.estimate + half },
    pValue: twoSidedTTestPValue(m),
  };
}

/** The p-value alone (the interval's t quantile is the expensive part). */
export function twoSidedTTestPValue(m: Moments): number {
  const t = m.standardError === 0 ? 0 : m.estimate / m.standardError;
  return 2 * (1 - tCdf(Math.abs(t), welchDof(m)));
}

/** ρ of the normal mixture from the tuning parameter N (Waudby-Smith et al. 2023, eq. 161). */
export function sequentialRho(alpha: number, tuning: number): number {
  return Math.sqrt((-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning);
}

/**
 * Half-width of the two-sided asymptotic confidence sequence (Waudby-Smith et al. 2023, eq. 9):
 * √s2 · √(2(nρ²+1)·ln(√(nρ²+1)/α) / (nρ)²), s2 the per-observation variance, n the total sample.
 */
export function sequentialIntervalHalfwidth(
  s2: number,
  n: number,
  tuning: number,
  alpha = DEFAULT_ALPHA,
): number {
  const rho = sequentialRho(alpha, tuning);
  const nr2p1 = n * rho ** 2 + 1;
  return Math.sqrt(s2) * Math.sqrt((2 * nr2p1 * Math.log(Math.sqrt(nr2p1) / alpha)) / (n * rho) ** 2);
}

/**
 * Always-valid two-sided test (gbstats SequentialTwoSidedTTest): a confidence sequence and the
 * always-valid p-value min(1, 1/e), e the mixture e-value (Waudby-Smith et al. 2023, eq. 155). Any
 * number of looks keeps the false-positive rate ≤ α.
 */
export function sequentialTwoSidedTest(
  m: Moments,
  tuning = DEFAULT_SEQUENTIAL_TUNING,
  alpha = DEFAULT_ALPHA,
): TestResult {
  const n = m.arms[0].n + m.arms[1].n;
  const half = sequentialIntervalHalfwidth(m.standardError ** 2 * n, n, tuning, alpha);
  return {
    estimate: m.estimate,
    standardError: m.standardError,
    ci: { low: m.estimate - half, high: m.estimate + half },
    pValue: sequentialPValue(m, tuning, alpha),
  };
}

/** min(1, 1/e) with the mixture e-value e = exp(ρ²·S²/(2(nρ²+1)))/√(nρ²+1), S² = n·estimate²/SE². */
export function sequentialPValue(
  m: Moments,
  tuning = DEFAULT_SEQUENTIAL_TUNING,
  alpha = DEFAULT_ALPHA,
): number {
  const n = m.arms[0].n + m.arms[1].n;
  const rho = sequentialRho(alpha, tuning);
  const st2 = (m.estimate ** 2 * n) / m.standardError ** 2;
  const nr2p1 = n * rho ** 2 + 1;
  const evalue = Math.exp((rho ** 2 * st2) / (2 * nr2p1)) / Math.sqrt(nr2p1);
  return Math.min(1 / evalue, 1);
}
