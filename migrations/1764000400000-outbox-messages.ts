import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxMessages1764000400000 implements MigrationInterface {
  name = 'OutboxMessages1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox_messages" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "channel" text NOT NULL,
        "source" text NOT NULL,
        "payload" jsonb NOT NULL,
        "target_url" text,
        "dedupe_key" text,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "locked_until" timestamptz,
        "claim_token" uuid,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "delivered_at" timestamptz,
        CONSTRAINT "PK_outbox_messages" PRIMARY KEY ("id"),
        CONSTRAINT "ck_outbox_messages_status" CHECK ("status" IN ('pending', 'delivered', 'dead', 'skipped')),
        CONSTRAINT "ck_outbox_messages_channel" CHECK ("channel" IN ('slack', 'pagerduty', 'webhook'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_outbox_messages_dedupe" ON "outbox_messages" ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`,
    );
    // Only pending rows are ever scanned by the dispatcher; the partial index stays small.
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_due" ON "outbox_messages" ("next_attempt_at", "id") WHERE "status" = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
