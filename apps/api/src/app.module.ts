import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { AuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/redis';

/** The root module: wires infrastructure first, then the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        AuthModule,
        HealthModule,
      ],
    };
  }
}
