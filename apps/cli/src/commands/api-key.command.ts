import { Command, Option } from 'commander';
import { AppConfig } from '@app/config';
import { ApiKeyService, ROLES, Role } from '@app/auth';
import { withAppContext } from '../cli-app';
import { UsageError } from '../exit-codes';

export function registerApiKeyCommands(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('create-api-key')
    .description('create an API key and print it (the only time it is shown)')
    .addOption(new Option('--role <role>', 'role of the key').choices(ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--expires-at <iso>', 'expiry time (ISO 8601)')
    .action(async (options: { role: Role; name: string; expiresAt?: string }) => {
      const expiresAt = options.expiresAt ? new Date(options.expiresAt) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime()))
        throw new UsageError('--expires-at must be an ISO 8601 date');
      const created = await withAppContext(loadConfig(), [], (app) =>
        app.get(ApiKeyService).create({ name: options.name, role: options.role, expiresAt }),
      );
      process.stdout.write(
        `${JSON.stringify({ id: created.id, prefix: created.prefix, role: created.role })}\n`,
      );
      process.stdout.write(`${created.key}\n`);
    });

  program
    .command('list-api-keys')
    .description('list API keys (never the keys themselves)')
    .action(async () => {
      const keys = await withAppContext(loadConfig(), [], (app) => app.get(ApiKeyService).list());
      for (const key of keys) {
        const expires = key.expiresAt ? ` expires ${key.expiresAt.toISOString()}` : '';
        process.stdout.write(
          `${key.id}  ${key.prefix}  ${key.role.padEnd(12)} ${key.status.padEnd(8)} ${key.name}${expires}\n`,
        );
      }
    });

  program
    .command('revoke-api-key')
    .description('revoke an API key by id')
    .argument('<id>', 'key id (uuid)')
    .action(async (id: string) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
        throw new UsageError('id must be a UUID (see list-api-keys)');
      await withAppContext(loadConfig(), [], (app) => app.get(ApiKeyService).revoke(id));
      process.stdout.write(`Revoked ${id}\n`);
    });
}
