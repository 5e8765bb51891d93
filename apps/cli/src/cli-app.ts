import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { CacheModule } from '@app/cache';
import { Clock, ClockModule } from '@app/clock';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { Engines, openEngines } from '@app/engines';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { OutboxModule } from '@app/outbox';
import { RedisModule } from '@app/redis';
import { CliLogger, useColours } from './cli-logger';

@Module({})
class CliModule {
  static forRoot(config: AppConfig, features: Array<Type | DynamicModule>, clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forConfig(config),
        ClockModule.forRoot(clock),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        AuthModule,
        OutboxModule,
        ...features,
      ],
    };
  }
}

/**
 * The engines a command works on: a running server's (or another CLI run's) when one owns DATA_DIR,
 * else the embedded engines opened here and owned until the command ends (see @app/engines).
 */
export async function openCliEngines(config: AppConfig): Promise<Engines> {
  const logger = new CliLogger(['error', 'warn', 'log'], useColours(config.logging.noColor));
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? 'cli';
  const engines = await openEngines(config, {
    role: 'cli',
    label: `pulse ${command}`,
    onWait: (message) => logger.log(message, 'Engines'),
  });
  for (const notice of engines.notices) logger[notice.level](notice.message, notice.context);
  return engines;
}

/**
 * A Nest container without HTTP: the global infrastructure the feature modules rely on (as in the API's
 * root module, minus HTTP and the scheduler) plus the feature modules a command needs.
 */
export async function withAppContext<T>(
  config: AppConfig,
  features: Array<Type | DynamicModule>,
  run: (app: INestApplicationContext) => Promise<T>,
  options: { clock?: Clock } = {},
): Promise<T> {
  const engines = await openCliEngines(config);
  try {
    const app = await NestFactory.createApplicationContext(
      CliModule.forRoot(config, features, options.clock),
      {
        logger: new CliLogger(['error', 'warn'], useColours(config.logging.noColor)),
      },
    );
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  } finally {
    await engines.close();
  }
}
