import { Injectable, NotFoundException } from '@nestjs/common';
import { AssignmentView } from './assignment.dto';
import { ExperimentDefinitions } from './experiment-definitions';
import { ExposureRecorder } from './exposure-recorder';
import { assignVariant } from './variant-assigner';

@Injectable()
export class AssignmentService {
  constructor(
    private readonly definitions: ExperimentDefinitions,
    private readonly recorder: ExposureRecorder,
  ) {}

  /** The user's variant (null outside coverage or when not running); logs the first exposure. */
  async assign(key: string, userId: string): Promise<AssignmentView> {
    const experiment = await this.definitions.get(key);
    if (!experiment) throw new NotFoundException(`experiment "${key}" does not exist`);
    if (experiment.status !== 'running') return { experiment: key, variant: null };
    const variant = assignVariant(experiment, userId, experiment.ranges);
    if (variant !== null) await this.recorder.record(key, userId, variant);
    return { experiment: key, variant };
  }
}
