import { randomBytes } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';
import { Client } from 'pg';
import { AppConfig, Env, loadConfig } from '@app/config';

export interface TestIsolation {
  databaseUrl: string;
  redisUrl: string;
  /** Set from TEST_REDIS_CLUSTER_NODES: the app then talks to a Redis Cluster instead of redisUrl. */
  redisClusterNodes: string[];
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
  const redisClusterNodes = (process.env.TEST_REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .map((node) => node.trim())
    .filter(Boolean);
  return { databaseUrl, redisUrl, redisClusterNodes, schema, keyPrefix: `pulse:test:${id}:` };
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
    // A test that names its own REDIS_URL means one server (usually a dead one): no cluster then.
    ...(isolation.redisClusterNodes.length > 0 && overrides.REDIS_URL === undefined
      ? { REDIS_CLUSTER_NODES: isolation.redisClusterNodes.join(',') }
      : { REDIS_URL: isolation.redisUrl }),
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
  const redis = testRedisClient(isolation);
  try {
    // On a cluster every master holds part of the keys: scan each; DEL one slot at a time.
    const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${isolation.keyPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length === 0) continue;
        if (redis instanceof Cluster) await Promise.all(keys.map((key) => node.del(key)));
        else await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/** The same isolation on one plain Redis at `redisUrl` (tests of a single server's failure modes). */
export function singleNode(isolation: TestIsolation, redisUrl: string): TestIsolation {
  return { ...isolation, redisUrl, redisClusterNodes: [] };
}

/** A plain client on the test Redis: a Cluster client when the isolation runs on a cluster. */
export function testRedisClient(isolation: TestIsolation): Redis | Cluster {
  if (isolation.redisClusterNodes.length > 0) {
    return new Cluster(
      isolation.redisClusterNodes.map((node) => {
        const [host, port] = node.split(':');
        return { host, port: Number(port) };
      }),
      { redisOptions: { maxRetriesPerRequest: 1 } },
    );
  }
  return new Redis(isolation.redisUrl, { maxRetriesPerRequest: 1 });
}
