import { Injectable } from '@nestjs/common';
import { ExperimentStatus, Variant } from '../admin/experiment.dto';
import { ExperimentsRepository } from '../admin/experiments.repository';
import { BucketRange } from './growthbook-hash';
import { bucketRangesOf } from './variant-assigner';

/** What the assignment path needs, with the bucket ranges computed once. */
export interface CompiledExperiment {
  key: string;
  status: ExperimentStatus;
  variants: Variant[];
  coverage: number;
  ranges: BucketRange[];
}

/** How long a replica serves a definition from memory; edits on this replica take effect at once. */
export const DEFINITION_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: Promise<CompiledExperiment | null>;
  expiresAt: number;
}

/**
 * Experiment definitions cached in process memory for a few seconds, so that the assignment hot path
 * reads neither PostgreSQL nor Redis for them. Unknown keys are cached too (as null). Concurrent misses
 * share one query.
 */
@Injectable()
export class ExperimentDefinitions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly repository: ExperimentsRepository) {}

  get(key: string): Promise<CompiledExperiment | null> {
    const now = performance.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.load(key);
    this.entries.set(key, { value, expiresAt: now + DEFINITION_TTL_MS });
    // A failed load is not cached: the next call retries.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** Called after every admin change on this replica. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  private async load(key: string): Promise<CompiledExperiment | null> {
    const experiment = await this.repository.find(key);
    if (!experiment) return null;
    return {
      key: experiment.key,
      status: experiment.status,
      variants: experiment.variants,
      coverage: experiment.coverage,
      ranges: bucketRangesOf(experiment),
    };
  }
}
