import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alert state (one row per fingerprint), silences and the P2 digest queue of libs/alerting. */
export class Alerting1764000700000 implements MigrationInterface {
  name = 'Alerting1764000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "alerts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "fingerprint" char(16) NOT NULL,
        "name" text NOT NULL,
        "priority" text NOT NULL,
        "source" text NOT NULL,
        "labels" jsonb NOT NULL,
        "annotations" jsonb NOT NULL DEFAULT '{}',
        "status" text NOT NULL,
        "episode" integer NOT NULL DEFAULT 1,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz,
        "fired_at" timestamptz NOT NULL,
        "last_received_at" timestamptz NOT NULL,
        "last_notified_at" timestamptz,
        "episode_notified" boolean NOT NULL DEFAULT false,
        "resolve_notified" boolean NOT NULL DEFAULT false,
        "suppressed_by" text,
        "acknowledged_at" timestamptz,
        "acknowledged_by" text,
        "resolved_at" timestamptz,
        "resolved_by" text,
        "escalation_level" integer NOT NULL DEFAULT 0,
        "escalated_at" timestamptz,
        "state_changes" timestamptz[] NOT NULL DEFAULT '{}',
        "flapping" boolean NOT NULL DEFAULT false,
        "flap_notified" boolean NOT NULL DEFAULT false,
        "incident_id" text,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_alerts" PRIMARY KEY ("id"),
        CONSTRAINT "uq_alerts_fingerprint" UNIQUE ("fingerprint"),
        CONSTRAINT "ck_alerts_status" CHECK ("status" IN ('firing', 'acknowledged', 'resolved')),
        CONSTRAINT "ck_alerts_priority" CHECK ("priority" IN ('P0', 'P1', 'P2', 'P3'))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_alerts_status_priority" ON "alerts" ("status", "priority")`);
    await queryRunner.query(`CREATE INDEX "ix_alerts_last_received" ON "alerts" ("last_received_at" DESC)`);
    await queryRunner.query(`
      CREATE TABLE "alert_silences" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "matchers" jsonb NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz,
        "recurrence" jsonb,
        "expire_on_resolve" boolean NOT NULL DEFAULT false,
        "created_by" text NOT NULL,
        "comment" text NOT NULL DEFAULT '',
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_alert_silences" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_alert_silences_ends" ON "alert_silences" ("ends_at")`);
    // P2 alerts waiting for the next Slack digest; the digest job claims and deletes them in one statement.
    await queryRunner.query(`
      CREATE TABLE "alert_digest_entries" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "alert_id" uuid NOT NULL REFERENCES "alerts" ("id") ON DELETE CASCADE,
        "status" text NOT NULL,
        "at" timestamptz NOT NULL,
        CONSTRAINT "PK_alert_digest_entries" PRIMARY KEY ("id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert_digest_entries"`);
    await queryRunner.query(`DROP TABLE "alert_silences"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
  }
}
