import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';
import { Env } from './env-parsers';

/**
 * Provides the validated AppConfig everywhere. `forRoot()` reads process.env (after an optional .env);
 * tests pass their own environment so that each test file has its own database schema and key prefix.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env?: Env): DynamicModule {
    return ConfigModule.forConfig(loadConfig(env ?? readProcessEnv()));
  }

  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}

export function readProcessEnv(): Env {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('dotenv').config({ quiet: true });
  return process.env;
}
