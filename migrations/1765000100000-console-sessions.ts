import { MigrationInterface, QueryRunner } from 'typeorm';

/** The read-only `viewer` role and server-side console sessions (issue 16). */
export class ConsoleSessions1765000100000 implements MigrationInterface {
  name = 'ConsoleSessions1765000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "api_key_role" ADD VALUE IF NOT EXISTS 'viewer'`);
    await queryRunner.query(`
      CREATE TABLE "console_sessions" (
        "token_hash" char(64) NOT NULL,
        "api_key_id" uuid NOT NULL,
        "csrf_token" varchar(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_console_sessions" PRIMARY KEY ("token_hash"),
        CONSTRAINT "fk_console_sessions_api_key" FOREIGN KEY ("api_key_id")
          REFERENCES "api_keys" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_console_sessions_api_key" ON "console_sessions" ("api_key_id")`,
    );
  }

  /** PostgreSQL cannot drop an enum value: the type is rebuilt, and viewer keys go with it. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_sessions"`);
    await queryRunner.query(`DELETE FROM "api_keys" WHERE "role" = 'viewer'`);
    await queryRunner.query(`ALTER TYPE "api_key_role" RENAME TO "api_key_role_old"`);
    await queryRunner.query(`CREATE TYPE "api_key_role" AS ENUM ('admin', 'ingest', 'alertmanager')`);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ALTER COLUMN "role" TYPE "api_key_role" USING "role"::text::"api_key_role"`,
    );
    await queryRunner.query(`DROP TYPE "api_key_role_old"`);
  }
}
