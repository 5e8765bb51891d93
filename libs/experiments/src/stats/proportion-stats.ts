import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Two-sided 95%: Φ⁻¹(0.975) ≈ 1.959964. */
export const Z_95: number = normalQuantile(0.975, 0, 1);

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval of a proportion: unlike the normal (Wald) interval it stays inside [0, 1] and
 * is not degenerate at 0 or n successes (0/50 gives [0, 0.071], not [0, 0]). Null for n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export interface Comparison {
  /** pT − pC. */
  absoluteLift: number | null;
  absoluteLiftCi: Interval | null;
  /** (pT − pC) / pC; null when the control rate is 0. */
  relativeLift: number | null;
  relativeLiftCi: Interval | null;
  z: number | null;
  /** Two-sided p-value of the two-proportion z-test; null when undefined (no data, or 0% / 100% overall). */
  pValue: number | null;
}

const NO_COMPARISON: Comparison = {
  absoluteLift: null,
  absoluteLiftCi: null,
  relativeLift: null,
  relativeLiftCi: null,
  z: null,
  pValue: null,
};

/**
 * Treatment vs control. The test uses the pooled standard error (under H0 both rates are equal):
 * SE₀ = √(p̂(1−p̂)(1/nC + 1/nT)), p̂ = (xC + xT)/(nC + nT), z = (pT − pC)/SE₀, p = 2Φ(−|z|).
 * The CI of the difference uses the unpooled SE = √(pC(1−pC)/nC + pT(1−pT)/nT) (no H0 assumed).
 * The relative lift's CI is the delta-method interval of pT/pC − 1:
 * SE = √(varT/pC² + pT²·varC/pC⁴) with varX = pX(1−pX)/nX. Undefined quantities are null, never NaN.
 */
export function compareProportions(
  control: { successes: number; n: number },
  treatment: { successes: number; n: number },
  z = Z_95,
): Comparison {
  const { n: nC, successes: xC } = control;
  const { n: nT, successes: xT } = treatment;
  if (nC <= 0 || nT <= 0) return NO_COMPARISON;
  const pC = xC / nC;
  const pT = xT / nT;
  const diff = pT - pC;
  const varC = (pC * (1 - pC)) / nC;
  const varT = (pT * (1 - pT)) / nT;
  const unpooledSe = Math.sqrt(varC + varT);
  const pooled = (xC + xT) / (nC + nT);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / nC + 1 / nT));
  const zScore = pooledSe > 0 ? diff / pooledSe : null;
  let relativeLift: number | null = null;
  let relativeLiftCi: Interval | null = null;
  if (pC > 0) {
    relativeLift = diff / pC;
    const relativeSe = Math.sqrt(varT / pC ** 2 + (pT ** 2 * varC) / pC ** 4);
    if (relativeSe > 0) {
      relativeLiftCi = { low: relativeLift - z * relativeSe, high: relativeLift + z * relativeSe };
    }
  }
  return {
    absoluteLift: diff,
    absoluteLiftCi: unpooledSe > 0 ? { low: diff - z * unpooledSe, high: diff + z * unpooledSe } : null,
    relativeLift,
    relativeLiftCi,
    z: zScore,
    pValue: zScore === null ? null : Math.min(1, 2 * normalCdf(-Math.abs(zScore), 0, 1)),
  };
}

export interface GoodnessOfFit {
  chiSquare: number;
  degreesOfFreedom: number;
  /** Null when nothing was observed. */
  pValue: number | null;
}

/** Pearson's chi-square goodness of fit of observed counts against expected shares (summing to 1). */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedShares: readonly number[],
): GoodnessOfFit {
  const total = observed.reduce((sum, count) => sum + count, 0);
  const degreesOfFreedom = observed.length - 1;
  if (total <= 0 || degreesOfFreedom < 1) return { chiSquare: 0, degreesOfFreedom, pValue: null };
  let chiSquare = 0;
  observed.forEach((count, i) => {
    const expected = total * expectedShares[i];
    if (expected > 0) chiSquare += (count - expected) ** 2 / expected;
  });
  return { chiSquare, degreesOfFreedom, pValue: 1 - chisquareCdf(chiSquare, degreesOfFreedom) };
}

/** Pearson's chi-square test of independence on an r × c contingency table of counts. */
export function chiSquareIndependence(table: readonly (readonly number[])[]): GoodnessOfFit {
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columns = table[0].map((_, j) => table.reduce((sum, row) => sum + row[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  const degreesOfFreedom = (table.length - 1) * (table[0].length - 1);
  if (total <= 0) return { chiSquare: 0, degreesOfFreedom, pValue: null };
  let chiSquare = 0;
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      const expected = (rows[i] * columns[j]) / total;
      if (expected > 0) chiSquare += (count - expected) ** 2 / expected;
    }),
  );
  return { chiSquare, degreesOfFreedom, pValue: 1 - chisquareCdf(chiSquare, degreesOfFreedom) };
}
