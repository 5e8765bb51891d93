import { MigrationInterface, QueryRunner } from 'typeorm';

/** Scheduled job state shared by every replica: what `GET /admin/jobs` shows. */
export class JobState1764000200000 implements MigrationInterface {
  name = 'JobState1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "job_state" (
        "name" text NOT NULL,
        "last_started_at" timestamptz,
        "last_finished_at" timestamptz,
        "last_result" text,
        "last_duration_ms" integer,
        "last_success_at" timestamptz,
        "last_error" text,
        "last_error_at" timestamptz,
        "running_since" timestamptz,
        "running_instance" text,
        "runs" bigint NOT NULL DEFAULT 0,
        "failures" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "PK_job_state" PRIMARY KEY ("name"),
        CONSTRAINT "CHK_job_state_result" CHECK ("last_result" IN ('success', 'failure'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_state"`);
  }
}
