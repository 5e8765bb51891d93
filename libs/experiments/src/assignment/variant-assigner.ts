import { BucketRange, chooseVariation, getBucketRanges, hashV2 } from './growthbook-hash';

export interface AssignableExperiment {
  key: string;
  variants: ReadonlyArray<{ key: string; weight: number }>;
  coverage: number;
}

/**
 * Pulse weights are any positive numbers (e.g. 10/30/60); GrowthBook expects shares summing to 1. They
 * are normalised first, so a GrowthBook experiment configured with the normalised weights, the same
 * coverage and the experiment key as seed (hash version 2) assigns every user identically.
 */
export function bucketRangesOf(experiment: AssignableExperiment): BucketRange[] {
  const total = experiment.variants.reduce((sum, variant) => sum + variant.weight, 0);
  const shares = experiment.variants.map((variant) => variant.weight / total);
  return getBucketRanges(experiment.variants.length, experiment.coverage, shares);
}

/** The variant key of a user, or null outside coverage. A pure function: no state, same on every replica. */
export function assignVariant(
  experiment: AssignableExperiment,
  userId: string,
  ranges: readonly BucketRange[] = bucketRangesOf(experiment),
): string | null {
  const index = chooseVariation(hashV2(experiment.key, userId), ranges);
  return index < 0 ? null : experiment.variants[index].key;
}
