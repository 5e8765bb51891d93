import { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents, their append-only timeline, their response checklist and the per-year id counter. */
export class Incidents1764000500000 implements MigrationInterface {
  name = 'Incidents1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "incident_counters" (
        "year" int NOT NULL,
        "n" int NOT NULL,
        CONSTRAINT "PK_incident_counters" PRIMARY KEY ("year")
      )`);
    await queryRunner.query(`
      CREATE TABLE "incidents" (
        "id" varchar(24) NOT NULL,
        "title" varchar(200) NOT NULL,
        "summary" text NOT NULL DEFAULT '',
        "severity" varchar(5) NOT NULL CHECK ("severity" IN ('SEV-1', 'SEV-2', 'SEV-3', 'SEV-4')),
        "status" varchar(16) NOT NULL
          CHECK ("status" IN ('investigating', 'identified', 'monitoring', 'resolved', 'closed')),
        "impact" text NOT NULL DEFAULT '',
        "impact_share" double precision CHECK ("impact_share" >= 0 AND "impact_share" <= 1),
        "commander" varchar(100),
        "responders" jsonb NOT NULL DEFAULT '[]',
        "root_cause" text,
        "resolution" text,
        "lessons" text,
        "follow_up_actions" jsonb NOT NULL DEFAULT '[]',
        "source_alert" varchar(200),
        "detected_at" timestamptz NOT NULL,
        "acknowledged_at" timestamptz,
        "mitigated_at" timestamptz,
        "resolved_at" timestamptz,
        "closed_at" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_incidents" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "idx_incidents_detected_at" ON "incidents" ("detected_at")`);
    await queryRunner.query(`CREATE INDEX "idx_incidents_resolved_at" ON "incidents" ("resolved_at")`);
    await queryRunner.query(
      `CREATE INDEX "idx_incidents_open" ON "incidents" ("severity") WHERE "status" NOT IN ('resolved', 'closed')`,
    );
    // One open incident per alert fingerprint, so that replicas racing on the same alert share it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incidents_open_source_alert" ON "incidents" ("source_alert")
       WHERE "source_alert" IS NOT NULL AND "status" NOT IN ('resolved', 'closed')`,
    );
    await queryRunner.query(`
      CREATE TABLE "incident_timeline_entries" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "incident_id" varchar(24) NOT NULL REFERENCES "incidents" ("id"),
        "at" timestamptz NOT NULL,
        "kind" varchar(16) NOT NULL,
        "author" varchar(100) NOT NULL,
        "message" text NOT NULL,
        "data" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_incident_timeline_entries" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "idx_incident_timeline_order" ON "incident_timeline_entries" ("incident_id", "at", "id")`,
    );
    // The timeline is a record: the database itself refuses edits and deletions, whoever asks.
    await queryRunner.query(`
      CREATE FUNCTION "incident_timeline_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident timeline entries are append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "trg_incident_timeline_append_only"
      BEFORE UPDATE OR DELETE ON "incident_timeline_entries"
      FOR EACH ROW EXECUTE FUNCTION "incident_timeline_append_only"()`);
    await queryRunner.query(`
      CREATE TABLE "incident_checklist_items" (
        "incident_id" varchar(24) NOT NULL REFERENCES "incidents" ("id"),
        "item_id" int NOT NULL,
        "label" text NOT NULL,
        "checked_at" timestamptz,
        "checked_by" varchar(100),
        CONSTRAINT "PK_incident_checklist_items" PRIMARY KEY ("incident_id", "item_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "incident_checklist_items"`);
    await queryRunner.query(`DROP TABLE "incident_timeline_entries"`);
    await queryRunner.query(`DROP FUNCTION "incident_timeline_append_only"()`);
    await queryRunner.query(`DROP TABLE "incidents"`);
    await queryRunner.query(`DROP TABLE "incident_counters"`);
  }
}
