import { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedbackAndNps1764000400100 implements MigrationInterface {
  name = 'FeedbackAndNps1764000400100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "feedback" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "type" text NOT NULL,
        "message" text NOT NULL,
        "user_id" text,
        "sentiment_score" real NOT NULL,
        "sentiment_label" text NOT NULL,
        "metadata" jsonb NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_feedback" PRIMARY KEY ("id"),
        CONSTRAINT "ck_feedback_type" CHECK ("type" IN ('bug', 'feature', 'improvement', 'other')),
        CONSTRAINT "ck_feedback_sentiment_label" CHECK ("sentiment_label" IN ('negative', 'neutral', 'positive'))
      )`);
    // Newest-first keyset pagination and time-range reports.
    await queryRunner.query(`CREATE INDEX "ix_feedback_created" ON "feedback" ("created_at", "id")`);

    await queryRunner.query(`
      CREATE TABLE "nps_responses" (
        "user_id" text NOT NULL,
        "survey_id" text NOT NULL,
        "score" smallint NOT NULL,
        "reason" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_nps_responses" PRIMARY KEY ("survey_id", "user_id"),
        CONSTRAINT "ck_nps_responses_score" CHECK ("score" BETWEEN 0 AND 10)
      )`);
    // Covering indexes: the report reads only (created_at, score) and never touches the heap.
    await queryRunner.query(
      `CREATE INDEX "ix_nps_responses_created" ON "nps_responses" ("created_at") INCLUDE ("score")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_nps_responses_survey_created" ON "nps_responses" ("survey_id", "created_at") INCLUDE ("score")`,
    );

    await queryRunner.query(`
      CREATE TABLE "nps_daily" (
        "day" date NOT NULL,
        "survey_id" text NOT NULL,
        "responses" integer NOT NULL,
        "promoters" integer NOT NULL,
        "passives" integer NOT NULL,
        "detractors" integer NOT NULL,
        "nps" real,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_nps_daily" PRIMARY KEY ("survey_id", "day")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "nps_daily"`);
    await queryRunner.query(`DROP TABLE "nps_responses"`);
    await queryRunner.query(`DROP TABLE "feedback"`);
  }
}
