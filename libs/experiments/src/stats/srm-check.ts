import { chiSquareGoodnessOfFit } from './proportion-stats';

export interface SrmOptions {
  /** Flag only below this p-value (0.001, as GrowthBook and PostHog). */
  alpha: number;
  /** Do not judge before this many exposures. */
  minExposures: number;
  /** And only when some variant's observed share is off its expected share by more than this (absolute). */
  minDeviation: number;
}

export interface SrmResult {
  flagged: boolean;
  pValue: number | null;
  chiSquare: number;
  degreesOfFreedom: number;
  totalExposures: number;
  /** Largest |observed share − expected share| over the variants; null without exposures. */
  maxDeviation: number | null;
  variants: Array<{ key: string; exposed: number; expectedShare: number; observedShare: number | null }>;
  /** Why it is or is not flagged, in words. */
  reason: string;
}

/**
 * Sample Ratio Mismatch: chi-square goodness of fit of the exposures against the weights. A tiny
 * p-value alone would flag harmless 0.2% imbalances on millions of users, so a practical margin on the
 * shares is required too.
 */
export function checkSampleRatio(
  variants: ReadonlyArray<{ key: string; exposed: number; expectedShare: number }>,
  options: SrmOptions,
): SrmResult {
  const total = variants.reduce((sum, v) => sum + v.exposed, 0);
  const fit = chiSquareGoodnessOfFit(
    variants.map((v) => v.exposed),
    variants.map((v) => v.expectedShare),
  );
  const rows = variants.map((v) => ({
    key: v.key,
    exposed: v.exposed,
    expectedShare: v.expectedShare,
    observedShare: total > 0 ? v.exposed / total : null,
  }));
  const maxDeviation =
    total > 0 ? Math.max(...rows.map((r) => Math.abs((r.observedShare ?? 0) - r.expectedShare))) : null;
  let flagged = false;
  let reason: string;
  if (total < options.minExposures) {
    reason = `not checked: ${total} exposures, at least ${options.minExposures} needed`;
  } else if (fit.pValue === null || fit.pValue >= options.alpha) {
    reason = `exposures match the weights (p = ${formatP(fit.pValue)} ≥ ${options.alpha})`;
  } else if ((maxDeviation ?? 0) <= options.minDeviation) {
    reason = `p = ${formatP(fit.pValue)} but the largest share deviation ${formatShare(maxDeviation)} is within the ${formatShare(options.minDeviation)} margin`;
  } else {
    flagged = true;
    reason = `p = ${formatP(fit.pValue)} < ${options.alpha} and a variant's share is off by ${formatShare(maxDeviation)}`;
  }
  return { flagged, ...fit, totalExposures: total, maxDeviation, variants: rows, reason };
}

function formatP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 1e-6 ? p.toExponential(1) : p.toPrecision(3);
}

function formatShare(share: number | null): string {
  return share === null ? 'n/a' : `${(share * 100).toFixed(2)} points`;
}
