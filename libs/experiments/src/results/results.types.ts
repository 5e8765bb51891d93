import { Comparison, Interval } from '../stats/proportion-stats';
import { SrmResult } from '../stats/srm-check';
import { ExperimentStatus } from '../admin/experiment.dto';

export interface VariantMetric {
  variant: string;
  exposed: number;
  /** Exposed users who sent the event at or after their first exposure. */
  converted: number;
  /** Null for a variant without users. */
  rate: number | null;
  /** Wilson score interval, 95%. */
  rateCi: Interval | null;
  /** Against the control (the first variant); null on the control itself. */
  vsControl: Comparison | null;
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
}
