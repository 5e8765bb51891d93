import { Injectable } from '@nestjs/common';
import { Cached } from '@app/cache';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ExperimentView } from '../admin/experiment.dto';
import { ExperimentsAdminService } from '../admin/experiments-admin.service';
import { decide } from '../stats/decision';
import { DEFAULT_ALPHA } from '../stats/frequentist-tests';
import { adjustPValues } from '../stats/multiple-comparisons';
import { compareProportions, wilsonInterval } from '../stats/proportion-stats';
import { checkSampleRatio } from '../stats/srm-check';
import { ExperimentResultsRepository, PrimaryRow, VoiceRow } from './experiment-results.repository';
import { ArmCounts, inferenceOf, powerOf } from './inference';
import { ExperimentResults, MetricResult, VariantInference, VariantVoice } from './results.types';

export const SRM_ALPHA = 0.001;
export const SRM_MIN_EXPOSURES = 100;
const DAY_MS = 86_400_000;

/** Experiment results: SQL aggregates, then statistics in Node on a handful of numbers. */
@Injectable()
export class ExperimentResultsService {
  constructor(
    private readonly experiments: ExperimentsAdminService,
    private readonly repository: ExperimentResultsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async results(key: string): Promise<ExperimentResults> {
    return this.compute(await this.experiments.get(key));
  }

  /** Cached per definition version: any edit, start or stop changes updatedAt and so the key. */
  @Cached({
    ttl: 30,
    name: 'experiment-results',
    key: (experiment: ExperimentView) => [experiment.key, experiment.updatedAt],
  })
  async compute(experiment: ExperimentView): Promise<ExperimentResults> {
    // The primary event comes with its CUPED covariate; guardrails other than it are plain conversions.
    const others = [...new Set(experiment.guardrailEvents)].filter((e) => e !== experiment.primaryEvent);
    const [primaryRows, guardrailRows, voices] = await Promise.all([
      this.repository.primary(experiment.key, experiment.primaryEvent, experiment.cupedWindowDays),
      others.length > 0 ? this.repository.conversions(experiment.key, others) : Promise.resolve([]),
      this.repository.voice(experiment.key),
    ]);
    const totalWeight = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
    const exposedOf = (variant: string) => primaryRows.find((row) => row.variant === variant)?.exposed ?? 0;
    const variants = experiment.variants.map((v) =>
      voiceOf(
        v.key,
        v.weight,
        v.weight / totalWeight,
        exposedOf(v.key),
        voices.find((row) => row.variant === v.key),
      ),
    );
    const srm = checkSampleRatio(
      variants.map((v) => ({ key: v.variant, exposed: v.exposed, expectedShare: v.expectedShare })),
      {
        alpha: SRM_ALPHA,
        minExposures: SRM_MIN_EXPOSURES,
        minDeviation: this.config.experiments.srmMinDeviation,
      },
    );
    const settings = {
      analysis: experiment.analysis,
      alpha: DEFAULT_ALPHA,
      sequentialTuning: experiment.sequentialTuning,
    };
    const primaryArms = experiment.variants.map((v) =>
      armOfPrimary(primaryRows.find((r) => r.variant === v.key)),
    );
    const guardrailArms = (event: string) =>
      event === experiment.primaryEvent
        ? primaryArms.map(({ exposed, converted }) => ({ exposed, converted }))
        : experiment.variants.map((v) => {
            const row = guardrailRows.find((r) => r.variant === v.key && r.event === event);
            return { exposed: row?.exposed ?? 0, converted: row?.converted ?? 0 };
          });
    const primary = metricOf(experiment.primaryEvent, experiment, primaryArms, settings);
    const guardrails = experiment.guardrailEvents.map((e) =>
      metricOf(e, experiment, guardrailArms(e), settings),
    );
    const multipleComparisons = correct([primary, ...guardrails], experiment.correction, settings.alpha);
    const startedAt = experiment.startedAt ? Date.parse(experiment.startedAt) : null;
    const endedAt = experiment.stoppedAt ? Date.parse(experiment.stoppedAt) : this.clock.now().getTime();
    const power = powerOf({
      controlRate: primary.variants[0].rate,
      totalExposures: srm.totalExposures,
      variants: experiment.variants.length,
      alpha: settings.alpha,
      sequentialTuning: experiment.sequentialTuning,
      targetMde: experiment.targetMde,
      elapsedDays: startedAt === null ? null : (endedAt - startedAt) / DAY_MS,
    });
    const treatments = (metric: MetricResult) => metric.variants.slice(1);
    const decision = decide({
      alpha: settings.alpha,
      analysis: experiment.analysis,
      srmFlagged: srm.flagged,
      totalExposures: srm.totalExposures,
      usersNeeded: power[experiment.analysis].usersNeeded,
      targetMde: experiment.targetMde,
      primary: treatments(primary).map((v) => ({
        treatment: v.variant,
        lift: headlineLift(v.inference),
        adjustedPValue: v.inference?.adjustedPValue ?? null,
      })),
      guardrails: guardrails.flatMap((g) =>
        treatments(g).map((v) => ({
          treatment: v.variant,
          event: g.event,
          lift: headlineLift(v.inference),
          adjustedPValue: v.inference?.adjustedPValue ?? null,
        })),
      ),
    });
    return {
      experiment: experiment.key,
      status: experiment.status,
      computedAt: this.clock.now().toISOString(),
      warning: srm.flagged
        ? `Sample Ratio Mismatch: exposures do not match the weights (${srm.reason}). ` +
          'Do not trust these results until the cause (assignment, redirects, bots, lost exposures) is found.'
        : null,
      srm,
      totalExposures: srm.totalExposures,
      control: experiment.variants[0].key,
      variants,
      primary,
      guardrails,
      analysis: {
        analysis: experiment.analysis,
        alpha: settings.alpha,
        sequentialTuning: experiment.sequentialTuning,
        cupedWindowDays: experiment.cupedWindowDays,
      },
      multipleComparisons,
      power,
      decision,
    };
  }
}

function headlineLift(inference: VariantInference | null): number | null {
  if (!inference) return null;
  return inference.cuped ? inference.cuped.relative.estimate : inference.relative.estimate;
}

function armOfPrimary(row: PrimaryRow | undefined): ArmCounts {
  return {
    exposed: row?.exposed ?? 0,
    converted: row?.converted ?? 0,
    pre: {
      sum: row?.pre_sum ?? 0,
      sumSquares: row?.pre_sum_squares ?? 0,
      postPreSum: row?.post_pre_sum ?? 0,
    },
  };
}

function metricOf(
  event: string,
  experiment: ExperimentView,
  arms: ArmCounts[],
  settings: Parameters<typeof inferenceOf>[2],
): MetricResult {
  const control = { successes: arms[0].converted, n: arms[0].exposed };
  return {
    event,
    variants: arms.map((arm, i) => ({
      variant: experiment.variants[i].key,
      exposed: arm.exposed,
      converted: arm.converted,
      rate: arm.exposed > 0 ? arm.converted / arm.exposed : null,
      rateCi: wilsonInterval(arm.converted, arm.exposed),
      vsControl: i === 0 ? null : compareProportions(control, { successes: arm.converted, n: arm.exposed }),
      inference: i === 0 ? null : inferenceOf(arms[0], arm, settings),
    })),
  };
}

/** Adjusts every treatment × metric p-value as one family; sets adjustedPValue and significant in place. */
function correct(
  metrics: MetricResult[],
  method: ExperimentView['correction'],
  alpha: number,
): ExperimentResults['multipleComparisons'] {
  const inferences = metrics.flatMap((m) => m.variants.map((v) => v.inference).filter((x) => x !== null));
  const familySize = inferences.filter((x) => x.pValue !== null).length;
  const applied = familySize > 1 ? method : 'none';
  const adjusted = adjustPValues(
    inferences.map((x) => x.pValue),
    applied,
  );
  inferences.forEach((x, i) => {
    x.adjustedPValue = adjusted[i];
    x.significant = adjusted[i] === null ? null : adjusted[i] < alpha;
  });
  const names = {
    holm: 'Holm (family-wise error rate)',
    'benjamini-hochberg': 'Benjamini–Hochberg (false discovery rate)',
  };
  return {
    method: applied,
    familySize,
    label:
      applied === 'none'
        ? familySize > 1
          ? `no correction over ${familySize} comparisons (chosen per experiment): false positives add up`
          : 'a single comparison: no correction needed'
        : `p-values adjusted by ${names[applied]} over ${familySize} comparisons (treatments × primary and guardrails)`,
  };
}

function voiceOf(
  variant: string,
  weight: number,
  expectedShare: number,
  exposed: number,
  row: VoiceRow | undefined,
): VariantVoice {
  const responses = row?.responses ?? 0;
  const promoters = row?.promoters ?? 0;
  const detractors = row?.detractors ?? 0;
  const items = row?.items ?? 0;
  const negative = row?.negative ?? 0;
  return {
    variant,
    weight,
    expectedShare,
    exposed,
    nps: {
      responses,
      promoters,
      passives: row?.passives ?? 0,
      detractors,
      score: responses > 0 ? (100 * (promoters - detractors)) / responses : null,
    },
    feedback: {
      items,
      negative,
      negativeShare: items > 0 ? negative / items : null,
      negativeUserShare: exposed > 0 ? (row?.negative_users ?? 0) / exposed : null,
    },
  };
}
