import { WinstonLogger } from 'nest-winston';
import type { Logger as Winston } from 'winston';
import { AppConfig } from '@app/config';
import { closeWinstonLogger, createWinstonLogger } from './logger.factory';

/**
 * nest-winston's adapter, with Nest's two levels that Pulse does not have mapped onto its own:
 * `verbose` → trace, `fatal` → error.
 */
export class AppLogger extends WinstonLogger {
  constructor(readonly winston: Winston) {
    super(winston);
  }

  override verbose(message: unknown, context?: string): void {
    if (message !== null && typeof message === 'object') {
      const { message: text, ...fields } = message as Record<string, unknown>;
      this.winston.log('trace', text as string, { context, ...fields });
    } else {
      this.winston.log('trace', message as string, { context });
    }
  }

  override fatal(message: unknown, trace?: string, context?: string): void {
    this.error(message, trace, context);
  }
}

const loggers = new WeakMap<AppConfig, AppLogger>();

/**
 * The one logger of the app built from this config. `createApp` hands it to Nest before the first
 * line of bootstrap; LoggingModule injects the same instance (one set of files per app).
 */
export function appLoggerFor(config: AppConfig): AppLogger {
  let logger = loggers.get(config);
  if (!logger) {
    logger = new AppLogger(createWinstonLogger(config));
    loggers.set(config, logger);
  }
  return logger;
}

export function releaseAppLogger(config: AppConfig): void {
  const logger = loggers.get(config);
  if (!logger) return;
  loggers.delete(config);
  closeWinstonLogger(logger.winston);
}
