import { Injectable } from '@nestjs/common';
import { Cached } from '@app/cache';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ExperimentView } from '../admin/experiment.dto';
import { ExperimentsAdminService } from '../admin/experiments-admin.service';
import { compareProportions, wilsonInterval } from '../stats/proportion-stats';
import { checkSampleRatio } from '../stats/srm-check';
import { ConversionRow, ExperimentResultsRepository, VoiceRow } from './experiment-results.repository';
import { ExperimentResults, MetricResult, VariantVoice } from './results.types';

export const SRM_ALPHA = 0.001;
export const SRM_MIN_EXPOSURES = 100;

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
    // Distinct: a guardrail equal to the primary event must not double the counts in the SQL unnest.
    const events = [...new Set([experiment.primaryEvent, ...experiment.guardrailEvents])];
    const [conversions, voices] = await Promise.all([
      this.repository.conversions(experiment.key, events),
      this.repository.voice(experiment.key),
    ]);
    const totalWeight = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
    const exposedOf = (variant: string) =>
      conversions.find((row) => row.variant === variant && row.event === experiment.primaryEvent)?.exposed ??
      0;
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
    const metric = (event: string) => metricOf(event, experiment, conversions);
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
      primary: metric(experiment.primaryEvent),
      guardrails: experiment.guardrailEvents.map(metric),
    };
  }
}

function metricOf(event: string, experiment: ExperimentView, rows: ConversionRow[]): MetricResult {
  const counts = experiment.variants.map((v) => {
    const row = rows.find((r) => r.variant === v.key && r.event === event);
    return { variant: v.key, exposed: row?.exposed ?? 0, converted: row?.converted ?? 0 };
  });
  const control = { successes: counts[0].converted, n: counts[0].exposed };
  return {
    event,
    variants: counts.map((c, i) => ({
      ...c,
      rate: c.exposed > 0 ? c.converted / c.exposed : null,
      rateCi: wilsonInterval(c.converted, c.exposed),
      vsControl: i === 0 ? null : compareProportions(control, { successes: c.converted, n: c.exposed }),
    })),
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
