import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Correction } from '../stats/multiple-comparisons';
import { Analysis, ExperimentStatus, ExperimentView, Variant } from './experiment.dto';

interface ExperimentRow {
  key: string;
  description: string;
  variants: Variant[];
  coverage: number;
  primary_event: string;
  guardrail_events: string[];
  analysis: Analysis;
  sequential_tuning: number;
  correction: Correction;
  cuped_window_days: number;
  target_mde: number;
  status: ExperimentStatus;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  stopped_at: Date | null;
}

export interface ExperimentChanges {
  description?: string;
  variants?: Variant[];
  coverage?: number;
  primaryEvent?: string;
  guardrailEvents?: string[];
  analysis?: Analysis;
  sequentialTuning?: number;
  correction?: Correction;
  cupedWindowDays?: number;
  targetMde?: number;
  status?: ExperimentStatus;
  startedAt?: Date;
  stoppedAt?: Date;
}

const COLUMNS: Record<keyof ExperimentChanges, string> = {
  description: 'description',
  variants: 'variants',
  coverage: 'coverage',
  primaryEvent: 'primary_event',
  guardrailEvents: 'guardrail_events',
  analysis: 'analysis',
  sequentialTuning: 'sequential_tuning',
  correction: 'correction',
  cupedWindowDays: 'cuped_window_days',
  targetMde: 'target_mde',
  status: 'status',
  startedAt: 'started_at',
  stoppedAt: 'stopped_at',
};

/** All SQL on `experiments` and `experiment_exposures`. */
@Injectable()
export class ExperimentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a draft; false when the key is taken. */
  async insert(experiment: ExperimentView): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO "experiments" ("key", "description", "variants", "coverage", "primary_event",
              "guardrail_events", "status", "created_at", "updated_at", "analysis", "sequential_tuning",
              "correction", "cuped_window_days", "target_mde")
       VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ("key") DO NOTHING RETURNING 1`,
      [
        experiment.key,
        experiment.description,
        JSON.stringify(experiment.variants),
        experiment.coverage,
        experiment.primaryEvent,
        experiment.guardrailEvents,
        new Date(experiment.createdAt),
        experiment.analysis,
        experiment.sequentialTuning,
        experiment.correction,
        experiment.cupedWindowDays,
        experiment.targetMde,
      ],
    );
    return rows.length === 1;
  }

  async find(key: string): Promise<ExperimentView | null> {
    const rows: ExperimentRow[] = await this.dataSource.query(
      `SELECT * FROM "experiments" WHERE "key" = $1`,
      [key],
    );
    return rows.length > 0 ? toView(rows[0]) : null;
  }

  async list(): Promise<ExperimentView[]> {
    const rows: ExperimentRow[] = await this.dataSource.query(
      `SELECT * FROM "experiments" ORDER BY "created_at" DESC, "key"`,
    );
    return rows.map(toView);
  }

  /**
   * Applies the changes only if the experiment is still in `expectedStatus` (a concurrent start or stop
   * wins; the caller answers 409). Returns the updated experiment, or null when the status moved.
   */
  async update(
    key: string,
    expectedStatus: ExperimentStatus,
    changes: ExperimentChanges,
    at: Date,
  ): Promise<ExperimentView | null> {
    const sets: string[] = [];
    const params: unknown[] = [key, expectedStatus, at];
    for (const [field, value] of Object.entries(changes) as Array<[keyof ExperimentChanges, unknown]>) {
      if (value === undefined) continue;
      params.push(field === 'variants' ? JSON.stringify(value) : value);
      sets.push(`"${COLUMNS[field]}" = $${params.length}`);
    }
    const rows: [ExperimentRow[], number] = await this.dataSource.query(
      `UPDATE "experiments" SET ${[...sets, `"updated_at" = $3`].join(', ')}
        WHERE "key" = $1 AND "status" = $2 RETURNING *`,
      params,
    );
    return rows[0].length > 0 ? toView(rows[0][0]) : null;
  }

  /**
   * Records a first exposure; true only for the call that inserted it (exactly once across replicas).
   * The experiment's status is checked in the same statement, so no exposure lands after a stop.
   */
  async recordExposure(key: string, userId: string, variant: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO "experiment_exposures" ("experiment_key", "user_id", "variant", "exposed_at")
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM "experiments" WHERE "key" = $1 AND "status" = 'running')
       ON CONFLICT ("experiment_key", "user_id") DO NOTHING RETURNING 1`,
      [key, userId, variant, at],
    );
    return rows.length === 1;
  }
}

function toView(row: ExperimentRow): ExperimentView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    key: row.key,
    description: row.description,
    variants: row.variants,
    coverage: Number(row.coverage),
    primaryEvent: row.primary_event,
    guardrailEvents: row.guardrail_events,
    analysis: row.analysis,
    sequentialTuning: Number(row.sequential_tuning),
    correction: row.correction,
    cupedWindowDays: row.cuped_window_days,
    targetMde: Number(row.target_mde),
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    startedAt: iso(row.started_at),
    stoppedAt: iso(row.stopped_at),
  };
}
