import { sqlOperation } from './sql-operation';

describe('sqlOperation', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  select * from api_keys', 'SELECT'],
    ['INSERT INTO "api_keys"("name") VALUES ($1) RETURNING "id"', 'INSERT'],
    ['UPDATE "api_keys" SET "revoked_at" = $1', 'UPDATE'],
    ['delete from events where id = $1', 'DELETE'],
    ['-- a comment\n/* another */ (SELECT 1) UNION (SELECT 2)', 'SELECT'],
    ['WITH recent AS (SELECT 1) SELECT * FROM recent', 'SELECT'],
    ['WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved', 'DELETE'],
    ['START TRANSACTION', 'other'],
    ['COMMIT', 'other'],
    ['CREATE TABLE x (id int)', 'other'],
    ['SHOW server_version', 'other'],
    ['', 'other'],
  ])('%s → %s', (sql, expected) => {
    expect(sqlOperation(sql)).toBe(expected);
  });
});
