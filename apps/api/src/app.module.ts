import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ActivityModule } from '@app/activity';
import { AlertingModule } from '@app/alerting';
import { AppConfig, ConfigModule } from '@app/config';
import { AuthModule } from '@app/auth';
import { CacheModule } from '@app/cache';
import { Clock, ClockModule } from '@app/clock';
import { ConsoleModule } from '@app/console';
import { DatabaseModule } from '@app/database';
import { ExperimentsModule } from '@app/experiments';
import { FeedbackModule } from '@app/feedback';
import { HealthModule } from '@app/health';
import { IncidentsModule } from '@app/incidents';
import { JobsModule } from '@app/jobs';
import { LoggingModule } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { OutboxModule } from '@app/outbox';
import { RedisModule } from '@app/redis';
import { ReportsModule } from '@app/reports';

export interface AppOptions {
  /** Replaces the system clock (tests). */
  clock?: Clock;
}

/** The root module: wires infrastructure first, then the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        ClockModule.forRoot(options.clock),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        ScheduleModule.forRoot(),
        JobsModule,
        AuthModule,
        OutboxModule,
        HealthModule,
        IncidentsModule,
        AlertingModule,
        FeedbackModule,
        ActivityModule,
        ExperimentsModule,
        ReportsModule,
        ConsoleModule,
      ],
    };
  }
}
