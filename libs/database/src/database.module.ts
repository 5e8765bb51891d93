import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DatabaseConnection, buildDataSourceOptions } from './data-source-options';
import { describeServer, waitForPostgres } from './connection-probe';
import { runMigrations } from './migration-runner';
import { DatabaseOutageMonitor } from './database-outage.monitor';

export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

@Global()
@Module({
  providers: [
    {
      provide: DATABASE_CONNECTION,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<DatabaseConnection> => {
        // The embedded engine is opened before the app (apps call openEngines), which fills the URL in.
        const url = config.database.url;
        if (!url) throw new Error('DATABASE_URL is not set and no embedded engine was opened');
        const logger = new Logger('Database');
        await waitForPostgres(url, {
          retries: config.database.connectRetries,
          onRetry: (attempt, delay, error) =>
            logger.warn(
              `PostgreSQL at ${describeServer(url)} not reachable (${error.message}); retry ${attempt} in ${delay} ms`,
            ),
        });
        const { statementTimeoutMs, queryTimeoutMs, poolTimeoutMs } = config.database;
        return {
          url,
          schema: config.database.schema,
          poolSize: config.database.poolSize,
          statementTimeoutMs,
          queryTimeoutMs,
          poolTimeoutMs,
        };
      },
    },
  ],
  exports: [DATABASE_CONNECTION],
})
class DatabaseConnectionModule {}

/**
 * Runs migrations before any feature module initialises, on a DataSource of their own without the
 * request timeouts: a migration may build an index for minutes, and waiting for another replica's
 * migration lock is normal.
 */
@Injectable()
class MigrationsOnStart {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  async onModuleInit(): Promise<void> {
    const dataSource = new DataSource(
      buildDataSourceOptions({ url: this.connection.url, schema: this.connection.schema, poolSize: 2 }),
    );
    await dataSource.initialize();
    try {
      const applied = await runMigrations(dataSource, this.connection.schema);
      if (applied.length > 0) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
    } finally {
      await dataSource.destroy();
    }
  }
}

@Global()
@Module({
  imports: [
    DatabaseConnectionModule,
    TypeOrmModule.forRootAsync({
      inject: [DATABASE_CONNECTION],
      useFactory: (connection: DatabaseConnection) => ({
        ...buildDataSourceOptions(connection),
        autoLoadEntities: true,
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [
    MigrationsOnStart,
    {
      provide: DatabaseOutageMonitor,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DatabaseOutageMonitor(dataSource),
    },
  ],
  exports: [DatabaseConnectionModule, DatabaseOutageMonitor],
})
export class DatabaseModule {}
