import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig, readProcessEnv } from '@app/config';
import { createApp } from './app.factory';

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
  const app = await createApp(config);
  // Nest's shutdown hooks stop accepting, let in-flight requests finish and close the pools; this
  // watchdog bounds that, so a stuck dependency cannot keep a terminating pod alive forever.
  const watchdog = () =>
    setTimeout(() => {
      process.stderr.write(
        `Shutdown exceeded SHUTDOWN_TIMEOUT_MS (${config.app.shutdownTimeoutMs} ms); exiting\n`,
      );
      process.exit(1);
    }, config.app.shutdownTimeoutMs).unref();
  process.once('SIGTERM', watchdog);
  process.once('SIGINT', watchdog);
  await app.listen(config.app.port);
  new Logger('Bootstrap').log(`Pulse listening on port ${config.app.port} (${config.app.env})`);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Pulse failed to start: ${error.message}\n`);
  process.exit(1);
});
