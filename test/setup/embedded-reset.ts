import { Client } from 'pg';

/**
 * On the embedded engine (see global-setup.ts) every file works in `public`; start each file on an
 * empty one, whatever the previous file left behind. A no-op against a real PostgreSQL.
 */
beforeAll(async () => {
  if (process.env.PULSE_TEST_EMBEDDED_DB !== '1' || !process.env.TEST_DATABASE_URL) return;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
});
