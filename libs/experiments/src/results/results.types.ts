import { Comparison, Interval } from '../stats/proportion-stats';
import { SrmResult } from '../stats/srm-check';
import { Analysis, ExperimentStatus } from '../admin/experiment.dto';
import { Decision } from '../stats/decision';
import { Correction } from '../stats/multiple-comparisons';

/** A lift with its interval and two-sided p-value from the experiment's test; nulls when undefined. */
export interface LiftEstimate {
  estimate: number | null;
  /** Sequential: the always-valid confidence sequence at 1 − α; fixed: the Welch t interval. */
  ci: Interval | null;
  pValue: number | null;
}

export interface CupedInference {
  /** Regression coefficient of the outcome on the pre-exposure count, pooled over both arms. */
  theta: number;
  /** 1 − Var(CUPED relative lift)/Var(unadjusted relative lift): the share of variance removed. */
  varianceReduction: number | null;
  absolute: LiftEstimate;
  relative: LiftEstimate;
}

/** Treatment vs control as GrowthBook's frequentist engine computes it (docs/EXPERIMENTS.md). */
export interface VariantInference {
  test: Analysis;
  absolute: LiftEstimate;
  relative: LiftEstimate;
  /** Primary event only, when the covariate carries information (θ ≠ 0); null otherwise. */
  cuped: CupedInference | null;
  /** The headline p-value: CUPED relative when cuped is set, unadjusted relative otherwise. */
  pValue: number | null;
  /** After the experiment's multiple-comparison correction (equals pValue for a family of one). */
  adjustedPValue: number | null;
  /** adjustedPValue < α; null when undefined. */
  significant: boolean | null;
}

export interface PowerFigures {
  /** Relative lift detectable with 80% power with the users so far. */
  mdeNow: number | null;
  /** Users (all arms) for 80% power at the target MDE. */
  usersNeeded: number | null;
  /** From the start, at the exposure rate so far. */
  daysNeeded: number | null;
  daysRemaining: number | null;
}

export interface PowerResult {
  power: number;
  alpha: number;
  targetMde: number;
  /** Control conversion rate used as the baseline. */
  controlRate: number | null;
  exposuresPerDay: number | null;
  fixed: PowerFigures;
  sequential: PowerFigures;
}

export interface VariantMetric {
  variant: string;
  exposed: number;
  /** Exposed users who sent the event at or after their first exposure. */
  converted: number;
  /** Null for a variant without users. */
  rate: number | null;
  /** Wilson score interval, 95%. */
  rateCi: Interval | null;
  /** Against the control (the first variant); null on the control itself. Fixed-horizon z-test. */
  vsControl: Comparison | null;
  /** The experiment's analysis (sequential by default) against the control; null on the control. */
  inference: VariantInference | null;
}

export interface MetricResult {
  event: string;
  variants: VariantMetric[];
}

export interface VariantVoice {
  variant: string;
  weight: number;
  expectedShare: number;
  exposed: number;
  /** Latest NPS answer (any survey) of each exposed user, given after exposure. */
  nps: { responses: number; promoters: number; passives: number; detractors: number; score: number | null };
  /** Feedback sent by exposed users after exposure. */
  feedback: {
    items: number;
    negative: number;
    /** negative / items; null without feedback. */
    negativeShare: number | null;
    /** Exposed users with at least one negative feedback, over exposed users; null without users. */
    negativeUserShare: number | null;
  };
}

export interface ExperimentResults {
  experiment: string;
  status: ExperimentStatus;
  computedAt: string;
  /** Set when results are not to be trusted (Sample Ratio Mismatch). */
  warning: string | null;
  srm: SrmResult;
  totalExposures: number;
  control: string;
  variants: VariantVoice[];
  primary: MetricResult;
  guardrails: MetricResult[];
  /** How the inference blocks were computed. */
  analysis: {
    analysis: Analysis;
    alpha: number;
    sequentialTuning: number;
    /** 0: CUPED off. */
    cupedWindowDays: number;
  };
  multipleComparisons: {
    /** The correction applied; 'none' when the family has a single test. */
    method: Correction;
    /** Treatments × (primary + guardrails) with a defined p-value. */
    familySize: number;
    label: string;
  };
  power: PowerResult;
  decision: Decision;
}
