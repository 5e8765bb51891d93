import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored daily/weekly reports and the service's own daily HTTP rollup (libs/reports). */
export class Reports1764000900000 implements MigrationInterface {
  name = 'Reports1764000900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reports" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "kind" text NOT NULL,
        "period_start" date NOT NULL,
        "period_end" date NOT NULL,
        "time_zone" text NOT NULL,
        "body" jsonb NOT NULL,
        "built_at" timestamptz NOT NULL,
        CONSTRAINT "PK_reports" PRIMARY KEY ("id"),
        CONSTRAINT "uq_reports_kind_period" UNIQUE ("kind", "period_start"),
        CONSTRAINT "ck_reports_kind" CHECK ("kind" IN ('daily', 'weekly'))
      )`);
    // Per-bucket (not cumulative) latency counts, buckets of http_request_duration_seconds plus +Inf.
    await queryRunner.query(`
      CREATE TABLE "http_daily_rollup" (
        "day" date NOT NULL,
        "requests" bigint NOT NULL DEFAULT 0,
        "errors_5xx" bigint NOT NULL DEFAULT 0,
        "latency_sum_seconds" double precision NOT NULL DEFAULT 0,
        "latency_bounds" double precision[] NOT NULL,
        "latency_buckets" bigint[] NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_http_daily_rollup" PRIMARY KEY ("day")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "http_daily_rollup"`);
    await queryRunner.query(`DROP TABLE "reports"`);
  }
}
