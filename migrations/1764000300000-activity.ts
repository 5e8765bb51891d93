import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Product events and the exact per-user-per-day activity table. analytics_events is shaped for a later
 * conversion to monthly range partitions on occurred_at: the primary key already contains occurred_at and
 * every index leads with or contains it (see docs/PERFORMANCE.md, "Partitioning plan").
 */
export class Activity1764000300000 implements MigrationInterface {
  name = 'Activity1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "analytics_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "event_id" text NULL,
        "user_id" text NOT NULL,
        "event" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "properties" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "pk_analytics_events" PRIMARY KEY ("id", "occurred_at")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_analytics_events_event_id" ON "analytics_events" ("event_id") WHERE "event_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_occurred_at" ON "analytics_events" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_user_occurred" ON "analytics_events" ("user_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analytics_events_event_occurred" ON "analytics_events" ("event", "occurred_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "user_daily_activity" (
        "user_id" text NOT NULL,
        "day" date NOT NULL,
        "first_seen_at" timestamptz NOT NULL,
        "events" int NOT NULL,
        CONSTRAINT "pk_user_daily_activity" PRIMARY KEY ("day", "user_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_user_daily_activity_user_day" ON "user_daily_activity" ("user_id", "day")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_daily_activity"`);
    await queryRunner.query(`DROP TABLE "analytics_events"`);
  }
}
