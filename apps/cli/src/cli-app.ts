import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { CacheModule } from '@app/cache';
import { Clock, ClockModule } from '@app/clock';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { OutboxModule } from '@app/outbox';
import { RedisModule } from '@app/redis';

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
 * A Nest container without HTTP: the global infrastructure the feature modules rely on (as in the API's
 * root module, minus HTTP and the scheduler) plus the feature modules a command needs.
 */
export async function withAppContext<T>(
  config: AppConfig,
  features: Array<Type | DynamicModule>,
  run: (app: INestApplicationContext) => Promise<T>,
  options: { clock?: Clock } = {},
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, features, options.clock), {
    logger: ['error', 'warn'],
  });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
