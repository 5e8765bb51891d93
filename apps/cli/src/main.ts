import { Command } from 'commander';
import { ConfigValidationError, loadConfig, readProcessEnv } from '@app/config';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerSeedDemoCommand } from './commands/seed-demo.command';
import { registerMigrationGenerateCommand } from './commands/migration-generate.command';
import { registerApiKeyCommands } from './commands/api-key.command';
import { registerNpsLinkCommand } from './commands/nps-link.command';
import { registerReportCommand } from './commands/report.command';
import { registerBackfillActivityCommand } from './commands/backfill-activity.command';

/** `pulse` CLI: the same libraries as the API, for operators and external schedulers. */
function configFromEnv() {
  try {
    return loadConfig(readProcessEnv());
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const program = new Command('pulse').description('Pulse command line').showHelpAfterError();
registerMigrateCommand(program, configFromEnv);
registerSeedDemoCommand(program, configFromEnv);
registerMigrationGenerateCommand(program, configFromEnv);
registerApiKeyCommands(program, configFromEnv);
registerNpsLinkCommand(program, configFromEnv);
registerReportCommand(program, configFromEnv);
registerBackfillActivityCommand(program, configFromEnv);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
