import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, Env, loadConfig } from '@app/config';

export interface TestIsolation {
  databaseUrl: string;
  redisUrl: string;
  schema: string;
  keyPrefix: string;
}

/** A fresh schema and Redis key prefix for one test file, so files can run in parallel. */
export function newIsolation(label = 't'): TestIsolation {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl)
    throw new Error('TEST_DATABASE_URL and TEST_REDIS_URL are set by test/setup/global-setup.ts');
  const schema = process.env.PULSE_TEST_EMBEDDED_DB === '1' ? 'public' : `test_${id}`;
  return { databaseUrl, redisUrl, schema, keyPrefix: `pulse:test:${id}:` };
}

export function testConfig(isolation: TestIsolation, overrides: Env = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    LOG_DIR: `/tmp/pulse-test-logs/${isolation.schema}`,
    DATABASE_URL: isolation.databaseUrl,
    ...(isolation.schema === 'public' ? {} : { DATABASE_SCHEMA: isolation.schema }),
    DATABASE_POOL_SIZE: process.env.TEST_DATABASE_POOL_SIZE ?? '5',
    DATABASE_CONNECT_RETRIES: '1',
    REDIS_URL: isolation.redisUrl,
    REDIS_KEY_PREFIX: isolation.keyPrefix,
    JOBS_ENABLED: 'false',
    ...overrides,
  });
}

/** Drops the schema and the Redis keys of one test file. */
export async function cleanupIsolation(isolation: TestIsolation): Promise<void> {
  const client = new Client({ connectionString: isolation.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${isolation.schema}" CASCADE`);
    if (isolation.schema === 'public') await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
  const redis = new Redis(isolation.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${isolation.keyPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
