import { Command, CommanderError } from 'commander';
import { ConfigValidationError, loadConfig, readProcessEnv } from '@app/config';
import { adoptServerBaseUrl } from '@app/engines';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerSeedDemoCommand } from './commands/seed-demo.command';
import { registerMigrationGenerateCommand } from './commands/migration-generate.command';
import { registerApiKeyCommands } from './commands/api-key.command';
import { registerNpsLinkCommand } from './commands/nps-link.command';
import { registerReportCommand } from './commands/report.command';
import { registerBackfillActivityCommand } from './commands/backfill-activity.command';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes';

/** `pulse` CLI: the same libraries as the API, for operators and external schedulers. */
function configFromEnv() {
  try {
    const config = loadConfig(readProcessEnv());
    adoptServerBaseUrl(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
}

const program = new Command('pulse').description('Pulse command line').showHelpAfterError();
// Commander's own errors (unknown command or option, missing argument) are usage errors: exit 2.
program.exitOverride((error: CommanderError) => {
  process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
});
registerMigrateCommand(program, configFromEnv);
registerSeedDemoCommand(program, configFromEnv);
registerMigrationGenerateCommand(program, configFromEnv);
registerApiKeyCommands(program, configFromEnv);
registerNpsLinkCommand(program, configFromEnv);
registerReportCommand(program, configFromEnv);
registerBackfillActivityCommand(program, configFromEnv);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED);
});
