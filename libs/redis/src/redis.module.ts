import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';
import { RedisKeys } from './redis-keys';
import { EmbeddedRedis, startEmbeddedRedis } from './embedded/embedded-redis.server';
import { RedisBreaker } from './redis-breaker';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = Redis | Cluster;

const ERROR_LOG_INTERVAL_MS = 30_000;
const QUIT_TIMEOUT_MS = 1000;

const commonOptions: RedisOptions = {
  // Fail fast while disconnected: callers fail open instead of queueing behind a dead server.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  enableAutoPipelining: true,
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5000),
  connectTimeout: 3000,
  lazyConnect: false,
};

class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private lastErrorLog = 0;

  constructor(
    readonly client: RedisClient,
    private readonly embedded: EmbeddedRedis | null,
  ) {
    // Without an 'error' listener ioredis errors would be unhandled; log them, rate-limited.
    client.on('error', (error: Error) => {
      const now = Date.now();
      if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
      this.lastErrorLog = now;
      this.logger.warn(`Redis unavailable: ${error.message} (retrying in the background)`);
    });
    client.on('ready', () => {
      if (this.lastErrorLog > 0) this.logger.log('Redis connection restored');
      this.lastErrorLog = 0;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for an answer a hung server never sends: give it a moment, then drop the socket.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
    });
    await Promise.race([this.client.quit().catch(() => undefined), timeout]);
    clearTimeout(timer);
    this.client.disconnect();
    await this.embedded?.close().catch(() => undefined);
  }
}

async function connect(config: AppConfig): Promise<RedisConnection> {
  const { url, clusterNodes } = config.redis;
  if (clusterNodes.length > 0) {
    const nodes = clusterNodes.map((node) => {
      const [host, port] = node.split(':');
      return { host, port: Number(port || 6379) };
    });
    const cluster = new Cluster(nodes, {
      enableOfflineQueue: false,
      redisOptions: commonOptions,
      enableAutoPipelining: true,
    });
    await firstReady(cluster);
    return new RedisConnection(cluster, null);
  }
  let embedded: EmbeddedRedis | null = null;
  let target = url;
  if (!target) {
    new Logger('Redis').warn(
      'REDIS_URL is not set: using the embedded in-process Redis-compatible store (data is lost on restart). ' +
        'This mode is for trying Pulse out; use a real Redis in production.',
    );
    embedded = await startEmbeddedRedis();
    target = embedded.url;
  }
  const client = new Redis(target, commonOptions);
  await firstReady(client);
  return new RedisConnection(client, embedded);
}

/**
 * Gives the first connection a moment (with the offline queue off, a command sent before 'ready' fails
 * at once; a cluster client must also load the slot map), but never refuses to start because Redis is down.
 */
function firstReady(client: RedisClient): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

@Global()
@Module({
  providers: [
    { provide: REDIS_CONNECTION, inject: [AppConfig], useFactory: connect },
    { provide: REDIS_CLIENT, inject: [REDIS_CONNECTION], useFactory: (c: RedisConnection) => c.client },
    {
      provide: RedisKeys,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new RedisKeys(config.redis.keyPrefix),
    },
    { provide: RedisBreaker, inject: [REDIS_CLIENT], useFactory: (c: RedisClient) => new RedisBreaker(c) },
  ],
  exports: [REDIS_CLIENT, RedisKeys, RedisBreaker],
})
export class RedisModule {}

/** Injects the shared ioredis client (a Cluster client when REDIS_CLUSTER_NODES is set). */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);
