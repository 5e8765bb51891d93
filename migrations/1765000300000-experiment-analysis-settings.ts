import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How an experiment's results are analysed (docs/EXPERIMENTS.md): sequential (always-valid, default) or
 * fixed-horizon, the sequential tuning parameter N, the multiple-comparison correction, the CUPED
 * pre-exposure window in days (0 = off) and the target relative MDE the power figures plan for.
 * Existing experiments get the defaults, so their results become peeking-safe at once.
 */
export class ExperimentAnalysisSettings1765000300000 implements MigrationInterface {
  name = 'ExperimentAnalysisSettings1765000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "experiments"
        ADD COLUMN "analysis" text NOT NULL DEFAULT 'sequential',
        ADD COLUMN "sequential_tuning" double precision NOT NULL DEFAULT 5000,
        ADD COLUMN "correction" text NOT NULL DEFAULT 'holm',
        ADD COLUMN "cuped_window_days" int NOT NULL DEFAULT 14,
        ADD COLUMN "target_mde" double precision NOT NULL DEFAULT 0.05,
        ADD CONSTRAINT "ck_experiments_analysis" CHECK ("analysis" IN ('fixed', 'sequential')),
        ADD CONSTRAINT "ck_experiments_sequential_tuning" CHECK ("sequential_tuning" > 0),
        ADD CONSTRAINT "ck_experiments_correction" CHECK ("correction" IN ('holm', 'benjamini-hochberg', 'none')),
        ADD CONSTRAINT "ck_experiments_cuped_window_days" CHECK ("cuped_window_days" BETWEEN 0 AND 90),
        ADD CONSTRAINT "ck_experiments_target_mde" CHECK ("target_mde" > 0 AND "target_mde" <= 10)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "experiments"
        DROP COLUMN "analysis", DROP COLUMN "sequential_tuning", DROP COLUMN "correction",
        DROP COLUMN "cuped_window_days", DROP COLUMN "target_mde"`);
  }
}
