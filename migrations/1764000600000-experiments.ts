import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A/B experiments and their exposures. An exposure is the first assignment of a user in an experiment:
 * one row per (experiment, user), written once; results join it with analytics_events.
 */
export class Experiments1764000600000 implements MigrationInterface {
  name = 'Experiments1764000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "experiments" (
        "key" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "variants" jsonb NOT NULL,
        "coverage" double precision NOT NULL,
        "primary_event" text NOT NULL,
        "guardrail_events" text[] NOT NULL DEFAULT '{}',
        "status" text NOT NULL DEFAULT 'draft',
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "started_at" timestamptz,
        "stopped_at" timestamptz,
        CONSTRAINT "pk_experiments" PRIMARY KEY ("key"),
        CONSTRAINT "ck_experiments_status" CHECK ("status" IN ('draft', 'running', 'stopped')),
        CONSTRAINT "ck_experiments_coverage" CHECK ("coverage" >= 0 AND "coverage" <= 1)
      )`);
    await queryRunner.query(`
      CREATE TABLE "experiment_exposures" (
        "experiment_key" text NOT NULL,
        "user_id" text NOT NULL,
        "variant" text NOT NULL,
        "exposed_at" timestamptz NOT NULL,
        CONSTRAINT "pk_experiment_exposures" PRIMARY KEY ("experiment_key", "user_id"),
        CONSTRAINT "fk_experiment_exposures_experiment" FOREIGN KEY ("experiment_key")
          REFERENCES "experiments" ("key") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "experiment_exposures"`);
    await queryRunner.query(`DROP TABLE "experiments"`);
  }
}
