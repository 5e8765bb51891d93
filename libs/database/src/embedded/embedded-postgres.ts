import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  maxConnections: number;
  close(): Promise<void>;
}

/** PGlite multiplexes clients over one backend; the pg pool must not open more than this. */
export const EMBEDDED_MAX_CONNECTIONS = 4;

/**
 * Starts PGlite persisted under `dataDir` (or in memory when null) behind a PostgreSQL wire-protocol
 * socket on loopback, so the normal `pg` driver, TypeORM and migrations run unchanged.
 */
export async function startEmbeddedPostgres(
  dataDir: string | null,
  maxConnections = EMBEDDED_MAX_CONNECTIONS,
): Promise<EmbeddedPostgres> {
  let dir: string | undefined;
  if (dataDir !== null) {
    dir = resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    maxConnections,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
