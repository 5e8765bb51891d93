import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface DatabaseConnection {
  url: string;
  schema?: string;
  poolSize: number;
}

/**
 * The one set of DataSource options, shared by the app, the CLI and the tests: schema only through
 * migrations (`synchronize` off everywhere), and a search_path so that a per-test schema isolates data.
 */
export function buildDataSourceOptions(connection: DatabaseConnection): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    schema: connection.schema,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: connection.poolSize,
      connectionTimeoutMillis: 5000,
      ...(connection.schema ? { options: `-c search_path=${connection.schema},public` } : {}),
    },
  };
}
