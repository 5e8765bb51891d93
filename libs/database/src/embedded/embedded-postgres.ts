import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWireServer } from './pglite-wire-server';

export interface EmbeddedPostgres {
  url: string;
  maxConnections: number;
  close(): Promise<void>;
}

/**
 * Client connections the wire server accepts: the owner's pool plus the pools of the CLI runs and
 * servers that share it (requests still run one at a time on PGlite's single session).
 */
export const EMBEDDED_MAX_CONNECTIONS = 64;

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
  const server = new PgliteWireServer(db, maxConnections);
  const port = await server.listen('127.0.0.1', 0);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    maxConnections,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
