import { Analysis } from '../admin/experiment.dto';
import {
  AdjustedStatistic,
  DifferenceType,
  Moments,
  adjustedEffectMoments,
  effectMoments,
  proportion,
  sampleMean,
  sequentialTwoSidedTest,
  twoSidedTTest,
} from '../stats/frequentist-tests';
import { minimumDetectableEffect, usersNeeded } from '../stats/power';
import { CupedInference, LiftEstimate, PowerFigures, PowerResult, VariantInference } from './results.types';

export interface ArmCounts {
  exposed: number;
  converted: number;
  /** CUPED covariate sums; absent for guardrails (no covariate). */
  pre?: { sum: number; sumSquares: number; postPreSum: number };
}

export interface InferenceSettings {
  analysis: Analysis;
  alpha: number;
  sequentialTuning: number;
}

const NO_ESTIMATE: LiftEstimate = { estimate: null, ci: null, pValue: null };

function estimateOf(m: Moments | null, settings: InferenceSettings): LiftEstimate {
  if (!m) return NO_ESTIMATE;
  const r =
    settings.analysis === 'sequential'
      ? sequentialTwoSidedTest(m, settings.sequentialTuning, settings.alpha)
      : twoSidedTTest(m, settings.alpha);
  return { estimate: r.estimate, ci: r.ci, pValue: r.pValue };
}

const adjusted = (arm: ArmCounts): AdjustedStatistic => ({
  post: proportion(arm.converted, arm.exposed),
  pre: sampleMean(arm.pre!.sum, arm.pre!.sumSquares, arm.exposed),
  postPreSumOfProducts: arm.pre!.postPreSum,
});

/**
 * Treatment vs control with the experiment's test (sequential or fixed), absolute and relative, and with
 * CUPED when both arms carry a covariate. The headline p-value (the one corrected and decided on) is the
 * CUPED relative one when CUPED applies (θ ≠ 0), the unadjusted relative one otherwise.
 */
export function inferenceOf(
  control: ArmCounts,
  treatment: ArmCounts,
  settings: InferenceSettings,
): VariantInference {
  const plain = (type: DifferenceType) =>
    effectMoments(
      proportion(control.converted, control.exposed),
      proportion(treatment.converted, treatment.exposed),
      type,
    );
  const relativeMoments = plain('relative');
  const relative = estimateOf(relativeMoments, settings);
  let cuped: CupedInference | null = null;
  if (control.pre && treatment.pre) {
    const rel = adjustedEffectMoments(adjusted(control), adjusted(treatment), 'relative');
    if (rel && rel.theta !== 0) {
      const abs = adjustedEffectMoments(adjusted(control), adjusted(treatment), 'absolute');
      cuped = {
        theta: rel.theta,
        varianceReduction: relativeMoments
          ? 1 - (rel.standardError / relativeMoments.standardError) ** 2
          : null,
        absolute: estimateOf(abs, settings),
        relative: estimateOf(rel, settings),
      };
    }
  }
  const pValue = cuped ? cuped.relative.pValue : relative.pValue;
  return {
    test: settings.analysis,
    absolute: estimateOf(plain('absolute'), settings),
    relative,
    cuped,
    pValue,
    adjustedPValue: pValue,
    significant: pValue === null ? null : pValue < settings.alpha,
  };
}

export const TARGET_POWER = 0.8;

/**
 * Power of the primary metric (a conversion rate: mean p, per-user variance p(1−p), from the control):
 * the relative MDE at 80% power with the users so far, and the users and days (at the exposure rate so
 * far) needed for the target MDE, for both analyses. Null wherever undefined (no users, 0% control).
 */
export function powerOf(input: {
  controlRate: number | null;
  totalExposures: number;
  variants: number;
  alpha: number;
  sequentialTuning: number;
  targetMde: number;
  elapsedDays: number | null;
}): PowerResult {
  const { controlRate: p, totalExposures: n, variants, alpha, targetMde } = input;
  const rate = input.elapsedDays && input.elapsedDays > 0 && n > 0 ? n / input.elapsedDays : null;
  const figures = (tuning: number): PowerFigures => {
    if (p === null || !(p > 0 && p < 1)) {
      return { mdeNow: null, usersNeeded: null, daysNeeded: null, daysRemaining: null };
    }
    const needed = usersNeeded(targetMde, TARGET_POWER, p, p * (1 - p), variants, alpha, tuning);
    return {
      mdeNow:
        n > 0 ? minimumDetectableEffect(TARGET_POWER, p, p * (1 - p), n, variants, alpha, tuning) : null,
      usersNeeded: needed,
      daysNeeded: needed !== null && rate !== null ? needed / rate : null,
      daysRemaining: needed !== null && rate !== null ? Math.max(0, needed - n) / rate : null,
    };
  };
  return {
    power: TARGET_POWER,
    alpha,
    targetMde,
    controlRate: p,
    exposuresPerDay: rate,
    fixed: figures(0),
    sequential: figures(input.sequentialTuning),
  };
}
