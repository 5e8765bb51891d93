import { MigrationInterface, QueryRunner } from 'typeorm';

/** Inhibition looks up firing alerts by label values (`labels @> {"instance": …}`). */
export class AlertLabelsIndex1764000700100 implements MigrationInterface {
  name = 'AlertLabelsIndex1764000700100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_alerts_labels" ON "alerts" USING gin ("labels" jsonb_path_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_alerts_labels"`);
  }
}
