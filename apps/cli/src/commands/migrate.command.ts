import { Command } from 'commander';
import { AppConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { openDataSource } from '../data-source';

export function registerMigrateCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('migrate')
    .description('apply pending migrations (or revert the last one with --revert)')
    .option('--revert', 'revert the most recent migration')
    .action(async (options: { revert?: boolean }) => {
      const config = loadConfig();
      const { dataSource, close } = await openDataSource(config);
      try {
        if (options.revert) {
          await dataSource.undoLastMigration({ transaction: 'each' });
          process.stdout.write('Reverted the last migration\n');
        } else {
          const applied = await runMigrations(dataSource, config.database.schema);
          process.stdout.write(
            applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date\n',
          );
        }
      } finally {
        await close();
      }
    });
}
