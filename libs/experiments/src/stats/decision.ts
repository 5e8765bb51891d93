export const VERDICTS = [
  'ship',
  'keep running',
  'no effect yet',
  'guardrail hurt',
  'treatment worse',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Decision {
  verdict: Verdict;
  /** The treatment the verdict is about (the one to ship, the one that hurt); null when none. */
  treatment: string | null;
  /** Why, in words a product manager can read; the first reason is the deciding one. */
  reasons: string[];
}

export interface DecisionInput {
  alpha: number;
  analysis: 'sequential' | 'fixed';
  srmFlagged: boolean;
  totalExposures: number;
  /** Users (all arms) for 80% power at the target MDE with this analysis; null when unknown. */
  usersNeeded: number | null;
  targetMde: number;
  /** One per treatment: the primary metric's relative lift and adjusted p-value. */
  primary: Array<{ treatment: string; lift: number | null; adjustedPValue: number | null }>;
  /** Guardrail comparisons: a rise of a guardrail event's rate is harm. */
  guardrails: Array<{ treatment: string; event: string; lift: number | null; adjustedPValue: number | null }>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The rule, in order (docs/EXPERIMENTS.md "Decision"):
 * 1. guardrail hurt: a guardrail event's rate rose with adjusted p < α (any treatment);
 * 2. keep running while a Sample Ratio Mismatch is flagged (results are not trusted);
 * 3. fixed-horizon analysis: keep running until the planned sample (80% power at the target MDE) is
 *    reached; a fixed-horizon p-value read before that is a peek and decides nothing;
 * 4. ship the treatment with the largest significant positive primary lift (adjusted p < α);
 * 5. treatment worse: a significant negative primary lift (and nothing better);
 * 6. no effect yet: nothing significant although the sample has 80% power for the target MDE;
 * 7. otherwise keep running.
 * "ship" is therefore never given while SRM is flagged or a guardrail is hurt.
 */
export function decide(input: DecisionInput): Decision {
  const significant = (p: number | null) => p !== null && p < input.alpha;
  const hurt = input.guardrails.filter((g) => significant(g.adjustedPValue) && (g.lift ?? 0) > 0);
  if (hurt.length > 0) {
    return {
      verdict: 'guardrail hurt',
      treatment: hurt[0].treatment,
      reasons: hurt.map(
        (g) =>
          `${g.treatment} raised guardrail "${g.event}" by ${pct(g.lift!)} (adjusted p = ${g.adjustedPValue!.toPrecision(2)})`,
      ),
    };
  }
  if (input.srmFlagged) {
    return {
      verdict: 'keep running',
      treatment: null,
      reasons: ['Sample Ratio Mismatch: fix the assignment or exposure logging before reading any lift'],
    };
  }
  const planned = input.usersNeeded;
  const powered = planned !== null && input.totalExposures >= planned;
  if (input.analysis === 'fixed' && !powered) {
    return {
      verdict: 'keep running',
      treatment: null,
      reasons: [
        planned === null
          ? 'fixed-horizon test: the planned sample is unknown yet (no conversions in the control)'
          : `fixed-horizon test: its p-value is valid only at the planned ${planned} users (now ${input.totalExposures}); reading it earlier is peeking`,
      ],
    };
  }
  const winners = input.primary
    .filter((t) => significant(t.adjustedPValue) && (t.lift ?? 0) > 0)
    .sort((a, b) => b.lift! - a.lift!);
  if (winners.length > 0) {
    const best = winners[0];
    return {
      verdict: 'ship',
      treatment: best.treatment,
      reasons: [
        `${best.treatment} lifts the primary event by ${pct(best.lift!)} (adjusted p = ${best.adjustedPValue!.toPrecision(2)} < ${input.alpha})`,
        'no guardrail hurt, no Sample Ratio Mismatch',
      ],
    };
  }
  const losers = input.primary.filter((t) => significant(t.adjustedPValue) && (t.lift ?? 0) < 0);
  if (losers.length > 0) {
    return {
      verdict: 'treatment worse',
      treatment: losers[0].treatment,
      reasons: losers.map(
        (t) => `${t.treatment} lowers the primary event by ${pct(-t.lift!)}: do not ship it`,
      ),
    };
  }
  if (powered) {
    return {
      verdict: 'no effect yet',
      treatment: null,
      reasons: [
        `no significant lift; with ${input.totalExposures} users a ${pct(input.targetMde)} lift would have been found 80% of the time`,
      ],
    };
  }
  return {
    verdict: 'keep running',
    treatment: null,
    reasons: [
      planned === null
        ? 'no significant lift yet and too little data to plan the sample'
        : `no significant lift yet; ${planned - input.totalExposures} more users give 80% power for a ${pct(input.targetMde)} lift`,
    ],
  };
}
