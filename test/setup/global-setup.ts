import { startEmbeddedPostgres } from '../../libs/database/src/embedded/embedded-postgres';
import { startEmbeddedRedis } from '../../libs/redis/src/embedded/embedded-redis.server';

/**
 * Tests use TEST_DATABASE_URL / TEST_REDIS_URL when set (CI sets them to the real servers). Otherwise
 * one embedded PostgreSQL and one embedded Redis are started here and shared by every test file;
 * files still isolate their data by schema and key prefix.
 */
export default async function globalSetup(): Promise<void> {
  const handles: Array<() => Promise<void>> = [];
  if (!process.env.TEST_DATABASE_URL) {
    // Many app instances share it in a test run; PGlite serialises their queries on one backend anyway.
    const postgres = await startEmbeddedPostgres(null, 64);
    process.env.TEST_DATABASE_URL = postgres.url;
    // PGlite multiplexes every client onto one session and ignores per-connection search_path, so
    // schemas cannot isolate files here: files run one by one in `public`, reset after each file.
    process.env.PULSE_TEST_EMBEDDED_DB = '1';
    process.env.TEST_DATABASE_POOL_SIZE = '2';
    handles.push(() => postgres.close());
  }
  if (!process.env.TEST_REDIS_URL) {
    const redis = await startEmbeddedRedis();
    process.env.TEST_REDIS_URL = redis.url;
    handles.push(() => redis.close());
  }
  (globalThis as { __pulseTestEngines?: typeof handles }).__pulseTestEngines = handles;
}
