import { Global, Module } from '@nestjs/common';
import { WinstonModule } from 'nest-winston';
import { AppConfig } from '@app/config';
import { createWinstonOptions } from './logger.factory';

/** nest-winston as Nest's logger; code logs through `new Logger(Context.name)`. */
@Global()
@Module({
  imports: [
    WinstonModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createWinstonOptions(config),
    }),
  ],
  exports: [WinstonModule],
})
export class LoggingModule {}
