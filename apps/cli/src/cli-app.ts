import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/redis';

@Module({})
class CliModule {
  static forRoot(config: AppConfig, features: Array<Type | DynamicModule>): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        ...features,
      ],
    };
  }
}

/** A Nest container without HTTP, with the infrastructure plus the feature modules a command needs. */
export async function withAppContext<T>(
  config: AppConfig,
  features: Array<Type | DynamicModule>,
  run: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, features), {
    logger: ['error', 'warn'],
  });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
