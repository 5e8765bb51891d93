import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { WINSTON_MODULE_NEST_PROVIDER, WINSTON_MODULE_PROVIDER } from 'nest-winston';
import { AppConfig } from '@app/config';
import { AccessLogger } from './access-logger';
import { AppLogger, appLoggerFor, releaseAppLogger } from './app-logger';

/**
 * nest-winston as Nest's logger (code logs through `new Logger(Context.name)`), the raw winston logger
 * under nest-winston's token, and the access logger. Closes the log files at shutdown.
 */
@Global()
@Module({
  providers: [
    { provide: WINSTON_MODULE_NEST_PROVIDER, inject: [AppConfig], useFactory: appLoggerFor },
    {
      provide: WINSTON_MODULE_PROVIDER,
      inject: [WINSTON_MODULE_NEST_PROVIDER],
      useFactory: (logger: AppLogger) => logger.winston,
    },
    AccessLogger,
  ],
  exports: [WINSTON_MODULE_NEST_PROVIDER, WINSTON_MODULE_PROVIDER, AccessLogger],
})
export class LoggingModule implements OnApplicationShutdown {
  constructor(private readonly config: AppConfig) {}

  onApplicationShutdown(): void {
    releaseAppLogger(this.config);
  }
}
