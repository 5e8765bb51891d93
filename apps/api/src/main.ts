import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigValidationError, loadConfig, readProcessEnv } from '@app/config';
import { describeServer, waitForPostgres } from '@app/database';
import { openEngines } from '@app/engines';
import { appLoggerFor, releaseAppLogger } from '@app/logging';
import { createApp } from './app.factory';
import { assertPortFree } from './bootstrap/port-check';
import { announceFirstAdminKey } from './bootstrap/first-admin-key';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(readProcessEnv());
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // One line per problem, before any logger exists: operators see exactly what to fix.
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await assertPortFree(config.app.port);
  const engines = await openEngines(config, {
    role: 'server',
    label: `server on port ${config.app.port}`,
    onWait: (message) => process.stderr.write(`${message}\n`),
  });
  const logger = appLoggerFor(config);
  for (const notice of engines.notices) logger[notice.level](notice.message, notice.context);
  // Before Nest: a database that is missing or never answers ends in one line, not an exception dump.
  const databaseUrl = config.database.url!;
  await waitForPostgres(databaseUrl, {
    retries: config.database.connectRetries,
    onRetry: (attempt, delay, error) =>
      logger.warn(
        `PostgreSQL at ${describeServer(databaseUrl)} not reachable (${error.message}); retry ${attempt} in ${delay} ms`,
        'Database',
      ),
  }).catch(async (error: Error) => {
    await engines.close();
    throw error;
  });
  let app;
  try {
    app = await createApp(config);
    await app.init();
    await announceFirstAdminKey(app, config, engines);
    await app.listen(config.app.port);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await engines.close();
    throw error;
  }
  logger.log(`Pulse listening on port ${config.app.port} (${config.app.env})`, 'Bootstrap');

  // Stop accepting, let in-flight requests finish, close pools, then the engines this process owns; the
  // watchdog bounds it, so a stuck dependency cannot keep a terminating pod alive forever.
  let inFlight = 0;
  app.getHttpServer().on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(
      `shutting down: draining ${inFlight} request${inFlight === 1 ? '' : 's'} (${signal})`,
      'Bootstrap',
    );
    setTimeout(() => {
      process.stderr.write(
        `Shutdown exceeded SHUTDOWN_TIMEOUT_MS (${config.app.shutdownTimeoutMs} ms); exiting\n`,
      );
      process.exit(1);
    }, config.app.shutdownTimeoutMs).unref();
    void app
      .close()
      .then(() => engines.close())
      .then(() => {
        // The app's logger closed with the app: one more, just for the last line.
        appLoggerFor(config).log('stopped', 'Bootstrap');
        releaseAppLogger(config);
        setImmediate(() => process.exit(0));
      })
      .catch((error: Error) => {
        process.stderr.write(`Shutdown failed: ${error.message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Pulse failed to start: ${error.message}\n`);
  process.exit(1);
});
