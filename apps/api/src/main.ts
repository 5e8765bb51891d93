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
  await app.listen(config.app.port);
  new Logger('Bootstrap').log(`Pulse listening on port ${config.app.port} (${config.app.env})`);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Pulse failed to start: ${error.message}\n`);
  process.exit(1);
});
