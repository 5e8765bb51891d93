import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { sequentialRho } from './frequentist-tests';

/**
 * GrowthBook's frequentist power calculator (packages/front-end/components/PowerCalculation/stats.ts),
 * ported: two-sided power and minimum detectable effect (relative) for a metric of a given mean and
 * per-unit variance, n users split evenly over nVariations arms; tuning > 0 means sequential testing
 * (the confidence-sequence half-width replaces z*). Pinned to GrowthBook's power tests in power.spec.ts.
 */

const z = (p: number) => normalQuantile(p, 0, 1);

/** Delta-method variance of the difference (relative: of meanB/meanA − 1). */
export function frequentistVariance(
  varA: number,
  meanA: number,
  nA: number,
  varB: number,
  meanB: number,
  nB: number,
  relative: boolean,
): number {
  if (relative) return varB / (meanA ** 2 * nB) + (varA * meanB ** 2) / (meanA ** 4 * nA);
  return varB / nB + varA / nA;
}

/**
 * The fixed-horizon-equivalent per-unit variance of a sequential test: the sequential half-width
 * expressed as z* times a standard error.
 */
export function sequentialVariance(variance: number, n: number, alpha: number, tuning: number): number {
  const seMean = Math.sqrt(variance / n);
  const rho = sequentialRho(alpha, tuning);
  const underRadical =
    (2 * (n * rho ** 2 + 1) * Math.log(Math.sqrt(n * rho ** 2 + 1) / alpha)) / (n * rho) ** 2;
  const zSequential = Math.sqrt(n) * Math.sqrt(underRadical);
  const seSequential = (seMean * zSequential) / z(1 - alpha / 2);
  return n * seSequential ** 2;
}

/** Probability that a two-sided test at α is significant when the true relative lift is `effect`. */
export function powerEstimate(
  effect: number,
  mean: number,
  variance: number,
  n: number,
  nVariations: number,
  alpha: number,
  tuning = 0,
): number {
  const zStar = z(1 - alpha / 2);
  const perArm = n / nVariations;
  const relativeVariance = frequentistVariance(
    variance,
    mean,
    perArm,
    variance,
    mean * (1 + effect),
    perArm,
    true,
  );
  const se =
    tuning > 0
      ? Math.sqrt(sequentialVariance(relativeVariance, (2 * n) / nVariations, alpha, tuning))
      : Math.sqrt(relativeVariance);
  const standardized = effect / se;
  return 1 - normalCdf(zStar - standardized, 0, 1) + normalCdf(-zStar - standardized, 0, 1);
}

/**
 * Smallest relative lift detectable with probability `power`; null when no lift is detectable with
 * this many users (GrowthBook: "need to increase number of users or reduce number of variations").
 */
export function minimumDetectableEffect(
  power: number,
  mean: number,
  variance: number,
  n: number,
  nVariations: number,
  alpha: number,
  tuning = 0,
): number | null {
  if (power <= alpha || !(mean !== 0) || !(n > 0)) return null;
  const perArm = n / nVariations;
  const zSum = z(1 - alpha / 2) - z(1 - power);
  const v = tuning > 0 ? sequentialVariance(variance, 2 * perArm, alpha, tuning) : variance;
  if (perArm <= (v * zSum ** 2) / mean ** 2) return null;
  const sigma2 = v / perArm;
  const a = 1 - (zSum ** 2 * sigma2) / mean ** 2;
  const b = -2 * mean;
  const c = mean ** 2 - zSum ** 2 * sigma2;
  const root = (-b + Math.sqrt(b ** 2 - 4 * a * c)) / (2 * a);
  return (root - mean) / mean;
}

/**
 * Total users (all arms) for `power` to detect a relative lift `mde`: the smallest n with
 * powerEstimate ≥ power (doubling, then bisection on integers). Null when the metric has no variance.
 */
export function usersNeeded(
  mde: number,
  power: number,
  mean: number,
  variance: number,
  nVariations: number,
  alpha: number,
  tuning = 0,
): number | null {
  if (!(mean > 0) || !(variance > 0) || !(mde !== 0)) return null;
  const enough = (n: number) => powerEstimate(mde, mean, variance, n, nVariations, alpha, tuning) >= power;
  let high = 2 * nVariations;
  while (!enough(high)) {
    high *= 2;
    if (high > 1e13) return null;
  }
  let low = Math.max(1, Math.floor(high / 2));
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (enough(mid)) high = mid;
    else low = mid;
  }
  return high;
}
