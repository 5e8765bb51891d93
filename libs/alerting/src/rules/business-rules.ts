import { AlertPriority } from '@app/config';

/** What one rule concluded: fire, healthy (resolves its alert), or too little data to say. */
export interface RuleVerdict {
  state: 'firing' | 'ok' | 'insufficient';
  labels: Record<string, string> & { alertname: string; priority: AlertPriority };
  summary: string;
  description: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function verdict(
  firing: boolean | null,
  alertname: string,
  priority: AlertPriority,
  summary: string,
  description: string,
  extra: Record<string, string> = {},
): RuleVerdict {
  return {
    state: firing === null ? 'insufficient' : firing ? 'firing' : 'ok',
    labels: { alertname, priority, source: 'pulse-rules', team: 'product', ...extra },
    summary,
    description,
  };
}

/** Relative drop of `current` against `baseline` (0.6 = down 60%); 0 when the baseline is 0. */
export function relativeDrop(current: number, baseline: number): number {
  return baseline > 0 ? (baseline - current) / baseline : 0;
}

export interface Ratio {
  numerator: number;
  denominator: number;
}
const rate = (r: Ratio) => (r.denominator > 0 ? r.numerator / r.denominator : 0);

/** P0: activation rate (activated / registered users) of the last hour vs the same hour a week earlier. */
export function activationRateRule(
  current: Ratio,
  baseline: Ratio,
  options: { dropPercent: number; minRegistrations: number },
): RuleVerdict {
  const enough =
    current.denominator >= options.minRegistrations && baseline.denominator >= options.minRegistrations;
  const drop = relativeDrop(rate(current), rate(baseline));
  return verdict(
    enough ? rate(baseline) > 0 && drop > options.dropPercent / 100 : null,
    'ActivationRateDrop',
    'P0',
    `Activation rate down ${pct(drop)} vs the same hour last week`,
    `Last hour ${pct(rate(current))} (${current.numerator}/${current.denominator}); a week earlier ${pct(rate(baseline))} (${baseline.numerator}/${baseline.denominator}).`,
  );
}

/** P2: each funnel step's conversion from the previous step, last 24 h vs the 24 h before. */
export function funnelStepRules(
  steps: string[],
  current: Record<string, number>,
  previous: Record<string, number>,
  options: { dropPercent: number; minUsers: number },
): RuleVerdict[] {
  return steps.slice(1).map((step, i) => {
    const from = steps[i];
    const now: Ratio = { numerator: current[step] ?? 0, denominator: current[from] ?? 0 };
    const before: Ratio = { numerator: previous[step] ?? 0, denominator: previous[from] ?? 0 };
    const enough = now.denominator >= options.minUsers && before.denominator >= options.minUsers;
    const drop = relativeDrop(rate(now), rate(before));
    return verdict(
      enough ? rate(before) > 0 && drop > options.dropPercent / 100 : null,
      'FunnelConversionDrop',
      'P2',
      `Conversion ${from} → ${step} down ${pct(drop)} day over day`,
      `Last 24 h ${pct(rate(now))} (${now.numerator}/${now.denominator}); the day before ${pct(rate(before))} (${before.numerator}/${before.denominator}).`,
      { step },
    );
  });
}

/** P2: share of negative feedback in the last 24 h vs the 7 days before, in percentage points. */
export function negativeFeedbackRule(
  current: Ratio,
  baseline: Ratio,
  options: { risePoints: number; minCount: number },
): RuleVerdict {
  const enough = current.denominator >= options.minCount && baseline.denominator >= options.minCount;
  const rise = (rate(current) - rate(baseline)) * 100;
  return verdict(
    enough ? rise > options.risePoints : null,
    'NegativeFeedbackRise',
    'P2',
    `Negative feedback share up ${rise.toFixed(1)} points vs the previous 7 days`,
    `Last 24 h ${pct(rate(current))} negative (${current.numerator}/${current.denominator}); previous 7 days ${pct(rate(baseline))} (${baseline.numerator}/${baseline.denominator}).`,
  );
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}
const total = (c: NpsCounts) => c.promoters + c.passives + c.detractors;
export const npsOf = (c: NpsCounts) => (total(c) > 0 ? ((c.promoters - c.detractors) / total(c)) * 100 : 0);

/** P2: NPS over the last 30 days vs the 30 days before. */
export function npsDropRule(
  current: NpsCounts,
  previous: NpsCounts,
  options: { dropPoints: number; minResponses: number },
): RuleVerdict {
  const enough = total(current) >= options.minResponses && total(previous) >= options.minResponses;
  const drop = npsOf(previous) - npsOf(current);
  return verdict(
    enough ? drop > options.dropPoints : null,
    'NpsDrop',
    'P2',
    `NPS (30 days) down ${drop.toFixed(1)} points`,
    `Last 30 days ${npsOf(current).toFixed(1)} (${total(current)} answers); the 30 days before ${npsOf(previous).toFixed(1)} (${total(previous)} answers).`,
  );
}

/** P1: distinct active users today so far vs the same weekday a week earlier up to the same time. */
export function dauDropRule(
  current: number,
  baseline: number,
  options: { dropPercent: number; minUsers: number },
): RuleVerdict {
  const drop = relativeDrop(current, baseline);
  return verdict(
    baseline >= options.minUsers ? drop > options.dropPercent / 100 : null,
    'DauDrop',
    'P1',
    `Daily active users down ${pct(drop)} vs the same weekday last week`,
    `Today so far ${current} users; same weekday last week at this time ${baseline}.`,
  );
}
