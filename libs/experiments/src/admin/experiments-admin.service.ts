import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '@app/clock';
import { DEFAULT_SEQUENTIAL_TUNING } from '../stats/frequentist-tests';
import { ExperimentDefinitions } from '../assignment/experiment-definitions';
import { ExposureRecorder } from '../assignment/exposure-recorder';
import { CreateExperimentDto, ExperimentStatus, ExperimentView, UpdateExperimentDto } from './experiment.dto';
import { ExperimentChanges, ExperimentsRepository } from './experiments.repository';

/** What may change in each status (draft: everything). */
const EDITABLE: Record<ExperimentStatus, ReadonlyArray<keyof UpdateExperimentDto>> = {
  draft: [
    'description',
    'variants',
    'coverage',
    'primaryEvent',
    'guardrailEvents',
    'analysis',
    'sequentialTuning',
    'correction',
    'cupedWindowDays',
    'targetMde',
  ],
  // The analysis plan is frozen at the start: choosing the test, N, the correction or the covariate
  // after seeing data would let anyone shop for a p-value. The target MDE only plans the duration.
  running: ['description', 'coverage', 'guardrailEvents', 'targetMde'],
  stopped: ['description', 'guardrailEvents', 'targetMde'],
};

const WHY_FROZEN: Record<ExperimentStatus, string> = {
  draft: '',
  running:
    'users already exposed would silently switch variants and the results would mix two allocations; ' +
    'stop this experiment and start a new one with another key',
  stopped: 'the experiment is stopped; create a new experiment instead',
};

const ANALYSIS_PLAN: ReadonlyArray<keyof UpdateExperimentDto> = [
  'analysis',
  'sequentialTuning',
  'correction',
  'cupedWindowDays',
];
const WHY_PLAN_FROZEN =
  'the analysis plan is fixed at the start (choosing the test, N, the correction or the covariate after ' +
  'seeing the data would let anyone shop for a p-value); create a new experiment instead';

/** Experiment definitions and their lifecycle draft → running → stopped. */
@Injectable()
export class ExperimentsAdminService {
  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly definitions: ExperimentDefinitions,
    private readonly recorder: ExposureRecorder,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateExperimentDto): Promise<ExperimentView> {
    const now = this.clock.now().toISOString();
    const experiment: ExperimentView = {
      key: dto.key,
      description: dto.description ?? '',
      variants: dto.variants.map(({ key, weight }) => ({ key, weight })),
      coverage: dto.coverage ?? 1,
      primaryEvent: dto.primaryEvent,
      guardrailEvents: dto.guardrailEvents ?? [],
      analysis: dto.analysis ?? 'sequential',
      sequentialTuning: dto.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING,
      correction: dto.correction ?? 'holm',
      cupedWindowDays: dto.cupedWindowDays ?? 14,
      targetMde: dto.targetMde ?? 0.05,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      stoppedAt: null,
    };
    if (!(await this.repository.insert(experiment))) {
      throw new ConflictException(`experiment "${dto.key}" already exists`);
    }
    this.definitions.invalidate(dto.key);
    return experiment;
  }

  list(): Promise<ExperimentView[]> {
    return this.repository.list();
  }

  async get(key: string): Promise<ExperimentView> {
    const experiment = await this.repository.find(key);
    if (!experiment) throw new NotFoundException(`experiment "${key}" does not exist`);
    return experiment;
  }

  async update(key: string, dto: UpdateExperimentDto): Promise<ExperimentView> {
    const current = await this.get(key);
    const changes: ExperimentChanges = {};
    for (const field of Object.keys(dto) as Array<keyof UpdateExperimentDto>) {
      const value = dto[field];
      if (value === undefined) continue;
      const unchanged = JSON.stringify(value) === JSON.stringify(current[field]);
      if (!EDITABLE[current.status].includes(field) && !unchanged) {
        throw new ConflictException(
          `${field} of a ${current.status} experiment cannot change: ${
            ANALYSIS_PLAN.includes(field) ? WHY_PLAN_FROZEN : WHY_FROZEN[current.status]
          }`,
        );
      }
      Object.assign(changes, { [field]: value });
    }
    if (changes.variants)
      changes.variants = changes.variants.map(({ key: k, weight }) => ({ key: k, weight }));
    return this.transition(current, changes);
  }

  async start(key: string): Promise<ExperimentView> {
    const current = await this.get(key);
    if (current.status !== 'draft') {
      throw new ConflictException(
        current.status === 'running'
          ? `experiment "${key}" is already running`
          : `experiment "${key}" is stopped and cannot restart: create a new experiment`,
      );
    }
    const started = await this.transition(current, { status: 'running', startedAt: this.clock.now() });
    this.recorder.expect(
      started.key,
      started.variants.map((variant) => variant.key),
    );
    return started;
  }

  async stop(key: string): Promise<ExperimentView> {
    const current = await this.get(key);
    if (current.status !== 'running') {
      throw new ConflictException(
        current.status === 'draft'
          ? `experiment "${key}" has not started`
          : `experiment "${key}" is already stopped`,
      );
    }
    const stopped = await this.transition(current, { status: 'stopped', stoppedAt: this.clock.now() });
    await this.recorder.forget(key);
    return stopped;
  }

  /** Applies changes only if the status is still the one read (a concurrent start/stop gives 409). */
  private async transition(current: ExperimentView, changes: ExperimentChanges): Promise<ExperimentView> {
    const updated = await this.repository.update(current.key, current.status, changes, this.clock.now());
    if (!updated) {
      throw new ConflictException(`experiment "${current.key}" changed status meanwhile; reload and retry`);
    }
    this.definitions.invalidate(current.key);
    return updated;
  }
}
