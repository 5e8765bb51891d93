export { ExperimentsModule } from './experiments.module';
export { ExperimentsAdminService } from './admin/experiments-admin.service';
export type { CreateExperimentDto, ExperimentView } from './admin/experiment.dto';
export { AssignmentService } from './assignment/assignment.service';
export { ExperimentResultsService } from './results/experiment-results.service';
export type { ExperimentResults, MetricResult, VariantMetric, VariantVoice } from './results/results.types';
export type { AssignmentView } from './assignment/assignment.dto';
export { fnv1a32, hashV2, getBucketRanges, chooseVariation } from './assignment/growthbook-hash';
export { assignVariant, bucketRangesOf } from './assignment/variant-assigner';
export {
  adjustedEffectMoments,
  effectMoments,
  proportion,
  sampleMean,
  sequentialTwoSidedTest,
  twoSidedTTest,
} from './stats/frequentist-tests';
export type { Decision, Verdict } from './stats/decision';
