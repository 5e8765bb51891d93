import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { buildDataSourceOptions, startEmbeddedPostgres, waitForPostgres } from '@app/database';

/**
 * A DataSource for commands that need no Nest container (migrate). Uses the embedded engine under
 * DATA_DIR when DATABASE_URL is unset, exactly like the app.
 */
export async function openDataSource(config: AppConfig, entities: DataSource['options']['entities'] = []) {
  const embedded = config.database.url ? null : await startEmbeddedPostgres(config.database.dataDir);
  const url = config.database.url ?? embedded!.url;
  await waitForPostgres(url, { retries: config.database.connectRetries });
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url, schema: config.database.schema, poolSize: embedded ? 2 : 4 }),
    entities,
  });
  await dataSource.initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await embedded?.close();
    },
  };
}
