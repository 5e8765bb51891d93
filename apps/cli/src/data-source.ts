import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { buildDataSourceOptions, waitForPostgres } from '@app/database';
import { openCliEngines } from './cli-app';

/**
 * A DataSource for commands that need no Nest container (migrate), on the same engines as every other
 * command: a running server's when one owns DATA_DIR, else its own (see openCliEngines).
 */
export async function openDataSource(config: AppConfig, entities: DataSource['options']['entities'] = []) {
  const engines = await openCliEngines(config);
  try {
    const url = config.database.url!;
    await waitForPostgres(url, { retries: config.database.connectRetries });
    const dataSource = new DataSource({
      ...buildDataSourceOptions({ url, schema: config.database.schema, poolSize: 2 }),
      entities,
    });
    await dataSource.initialize();
    return {
      dataSource,
      close: async () => {
        await dataSource.destroy();
        await engines.close();
      },
    };
  } catch (error) {
    await engines.close();
    throw error;
  }
}
