import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { AppConfig } from '@app/config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@app/database';
import { EmbeddedRedis, startEmbeddedRedis } from '@app/redis';
import { DataDirLock, OwnerRecord, OwnerRole, isOwnerAlive, ownRecord } from './data-dir-lock';

/** Embedded PostgreSQL keeps its pool small: requests run one at a time on PGlite's single session. */
const EMBEDDED_POOL_SIZE = 4;
const POLL_MS = 200;

export interface EngineNotice {
  level: 'log' | 'warn';
  context: string;
  message: string;
}

export interface OpenEnginesOptions {
  role: OwnerRole;
  /** How the lock names this process to others: `server on port 3000`, `pulse seed-demo`. */
  label: string;
  /** How long to wait for an owner that is starting, stopping, or (for a server) a CLI run to end. */
  waitMs?: number;
  /** Progress while waiting (before any logger exists). */
  onWait?: (message: string) => void;
}

export interface Engines {
  /** The same config object, with DATABASE_URL / REDIS_URL filled in for the embedded engines. */
  config: AppConfig;
  /** Which engines are embedded (this process's or the owner's). */
  embedded: { postgres: boolean; redis: boolean };
  /** The record of the process whose engines are used; this process's own when it owns DATA_DIR. */
  owner: OwnerRecord | null;
  ownsDataDir: boolean;
  /** Lines for the app's logger (warnings about the embedded mode, who owns what). */
  notices: EngineNotice[];
  /** Stops owned engines and releases DATA_DIR; nothing for a process using another's engines. */
  close(): Promise<void>;
}

/** A DATA_DIR this process cannot use; the message says why and what to do. */
export class EnginesUnavailableError extends Error {}

/**
 * Resolves the embedded engines for a process with no DATABASE_URL and/or REDIS_URL. The first process
 * under a DATA_DIR owns it (lock file `pulse.lock`): it starts PGlite and the in-process Redis on
 * loopback ports and publishes their URLs in the lock. A later CLI run connects to those URLs, so what
 * one process writes the other sees at once and no two processes ever open the PGlite files. A second
 * server refuses; a server finding a CLI run waits for it to finish. A lock left by a process that is
 * gone (kill -9) is taken over.
 */
export async function openEngines(config: AppConfig, options: OpenEnginesOptions): Promise<Engines> {
  const embedded = {
    postgres: !config.database.url,
    redis: !config.redis.url && config.redis.clusterNodes.length === 0,
  };
  if (!embedded.postgres && !embedded.redis) {
    return { config, embedded, owner: null, ownsDataDir: false, notices: [], close: async () => {} };
  }
  const dir = resolve(config.database.dataDir);
  mkdirSync(dir, { recursive: true });
  const lock = new DataDirLock(dir);
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  let unreadableSince: number | null = null;
  let waitingFor: string | null = null;

  for (;;) {
    const me = ownRecord(options.role, options.label);
    if (lock.tryCreate(me)) return startOwned(config, lock, me, embedded);
    const record = lock.read();
    if (record === null) {
      // Being written right now, or left half-written by a crash: give a writer a moment.
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 3000) {
        lock.removeStale({ ...me, pid: -1, processStart: null });
        unreadableSince = null;
      }
      await sleep(50);
      continue;
    }
    unreadableSince = null;
    if (!isOwnerAlive(record)) {
      options.onWait?.(
        `Taking over DATA_DIR ${dir}: its previous owner (${record.label}, pid ${record.pid}) is no longer running`,
      );
      lock.removeStale(record);
      continue;
    }
    if (options.role === 'server' && record.role === 'server') {
      throw new EnginesUnavailableError(
        `DATA_DIR ${dir} is in use by another Pulse ${record.label} (pid ${record.pid}): stop it, or start this one with its own DATA_DIR`,
      );
    }
    if (options.role === 'cli' && record.state === 'ready' && (await reachable(record))) {
      return shared(config, record, dir, embedded);
    }
    if (Date.now() > deadline) {
      throw new EnginesUnavailableError(
        `DATA_DIR ${dir} is held by ${record.label} (pid ${record.pid}), which did not ${
          options.role === 'server' ? 'finish' : 'become ready'
        } within ${Math.round((options.waitMs ?? 60_000) / 1000)} s`,
      );
    }
    const why = `${record.label} (pid ${record.pid})`;
    if (waitingFor !== why) {
      waitingFor = why;
      options.onWait?.(
        options.role === 'server'
          ? `Waiting for ${why} to finish with DATA_DIR ${dir}`
          : `Waiting for ${why} to open the engines under DATA_DIR ${dir}`,
      );
    }
    await sleep(POLL_MS);
  }
}

async function startOwned(
  config: AppConfig,
  lock: DataDirLock,
  me: OwnerRecord,
  embedded: Engines['embedded'],
): Promise<Engines> {
  let postgres: EmbeddedPostgres | null = null;
  let redis: EmbeddedRedis | null = null;
  const releaseOnExit = () => lock.release();
  process.once('exit', releaseOnExit);
  const close = async () => {
    await redis?.close().catch(() => undefined);
    await postgres?.close().catch(() => undefined);
    lock.release();
    process.off('exit', releaseOnExit);
  };
  try {
    if (embedded.postgres) postgres = await startEmbeddedPostgres(lock.dir);
    if (embedded.redis) redis = await startEmbeddedRedis();
  } catch (error) {
    await close();
    throw error;
  }
  const record: OwnerRecord = {
    ...me,
    state: 'ready',
    postgresUrl: postgres?.url,
    redisUrl: redis?.url,
    publicBaseUrl: me.role === 'server' ? config.app.publicBaseUrl : undefined,
  };
  lock.publish(record);
  const notices = embeddedNotices(lock.dir, embedded);
  notices.push({
    level: 'log',
    context: 'Engines',
    message: `This process owns DATA_DIR ${lock.dir} (lock ${lock.path}); the CLI uses its engines while it runs`,
  });
  applyUrls(config, record);
  return { config, embedded, owner: record, ownsDataDir: true, notices, close };
}

function shared(config: AppConfig, record: OwnerRecord, dir: string, embedded: Engines['embedded']): Engines {
  if (embedded.postgres && !record.postgresUrl) {
    throw new EnginesUnavailableError(
      `${record.label} (pid ${record.pid}) owns DATA_DIR ${dir} but runs on DATABASE_URL: set the same DATABASE_URL here`,
    );
  }
  if (embedded.redis && !record.redisUrl) {
    throw new EnginesUnavailableError(
      `${record.label} (pid ${record.pid}) owns DATA_DIR ${dir} but runs on REDIS_URL: set the same REDIS_URL here`,
    );
  }
  applyUrls(config, record);
  return {
    config,
    embedded,
    owner: record,
    ownsDataDir: false,
    notices: [
      {
        level: 'log',
        context: 'Engines',
        message: `Using the embedded engines of ${record.label} (pid ${record.pid}), which owns DATA_DIR ${dir}`,
      },
    ],
    close: async () => {},
  };
}

function applyUrls(config: AppConfig, record: OwnerRecord): void {
  if (!config.database.url && record.postgresUrl) {
    config.database.url = record.postgresUrl;
    config.database.poolSize = Math.min(config.database.poolSize, EMBEDDED_POOL_SIZE);
  }
  if (!config.redis.url && config.redis.clusterNodes.length === 0 && record.redisUrl) {
    config.redis.url = record.redisUrl;
  }
}

function embeddedNotices(dir: string, embedded: Engines['embedded']): EngineNotice[] {
  const notices: EngineNotice[] = [];
  if (embedded.postgres) {
    notices.push({
      level: 'warn',
      context: 'Database',
      message:
        `DATABASE_URL is not set: using the embedded PGlite engine under ${dir}. ` +
        'This mode is for trying Pulse out; use a real PostgreSQL in production.',
    });
  }
  if (embedded.redis) {
    notices.push({
      level: 'warn',
      context: 'Redis',
      message:
        'REDIS_URL is not set: using the embedded in-process Redis-compatible store (data is lost on restart). ' +
        'This mode is for trying Pulse out; use a real Redis in production.',
    });
  }
  return notices;
}

/** The owner's PostgreSQL port accepts connections (false while it starts or stops). */
function reachable(record: OwnerRecord): Promise<boolean> {
  const url = record.postgresUrl ?? record.redisUrl;
  if (!url) return Promise.resolve(false);
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * With PUBLIC_BASE_URL unset, links a command prints (NPS links, report links) use the running
 * server's base URL, read from the DATA_DIR lock, so they match the links the server itself writes.
 */
export function adoptServerBaseUrl(config: AppConfig): void {
  if (config.app.publicBaseUrlConfigured) return;
  const record = new DataDirLock(resolve(config.database.dataDir)).read();
  if (record?.publicBaseUrl && record.state === 'ready' && isOwnerAlive(record)) {
    config.app.publicBaseUrl = record.publicBaseUrl;
  }
}
