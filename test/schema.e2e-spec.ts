import { DataSource } from 'typeorm';
import { TestApp, createTestApp } from './utils/test-app';

/**
 * Entities and migrations must agree. Migrations may own more than entities describe (partial indexes,
 * CHECK constraints, triggers, foreign keys), so only changes to tables and columns count as drift:
 * those are what break inserts and queries at run time.
 */
const DRIFT = /CREATE TABLE|ADD COLUMN|ALTER COLUMN|ADD "|CREATE TYPE|ALTER TYPE|DROP TYPE/i;
describe('schema (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ label: 'schema' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('has no table or column drift after the migrations', async () => {
    const dataSource = t.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    const drift = pending.upQueries.map((query) => query.query).filter((query) => DRIFT.test(query));
    expect(drift).toEqual([]);
  });

  it('can revert and re-apply the last migration', async () => {
    const dataSource = t.app.get(DataSource);
    await dataSource.undoLastMigration({ transaction: 'each' });
    const reapplied = await dataSource.runMigrations({ transaction: 'each' });
    expect(reapplied).toHaveLength(1);
  });
});
