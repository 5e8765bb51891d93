import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AppModule } from '../../../api/src/app.module';
import { openCliEngines } from '../cli-app';
import { UsageError } from '../exit-codes';

/**
 * Writes a migration with the SQL TypeORM derives from the difference between the entities and the
 * database after all migrations. Review it: migrations own objects entities do not describe (partial
 * indexes, CHECK constraints, triggers), which the diff would drop.
 */
export function registerMigrationGenerateCommand(program: Command, loadConfig: () => AppConfig): void {
  program
    .command('migration-generate')
    .description('write migrations/<timestamp>-<name>.ts from the entity/schema difference')
    .argument('<name>', 'PascalCase name, e.g. AddFeedbackTags')
    .option('--dir <dir>', 'where to write the file', 'migrations')
    .action(async (name: string, options: { dir: string }) => {
      if (!/^[A-Z][A-Za-z0-9]{2,60}$/.test(name))
        throw new UsageError('name must be PascalCase, e.g. AddFeedbackTags');
      const config = loadConfig();
      const engines = await openCliEngines(config);
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
        logger: ['error'],
      });
      try {
        const sql = await app.get(DataSource).driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          process.stdout.write('No changes: entities and migrations agree\n');
          return;
        }
        const timestamp = Date.now();
        const file = join(
          options.dir,
          `${timestamp}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
        );
        const render = (queries: Array<{ query: string }>) =>
          queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)});`).join('\n');
        writeFileSync(
          file,
          `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
            `export class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n` +
            `  async up(queryRunner: QueryRunner): Promise<void> {\n${render(sql.upQueries)}\n  }\n\n` +
            `  async down(queryRunner: QueryRunner): Promise<void> {\n${render([...sql.downQueries].reverse())}\n  }\n}\n`,
        );
        process.stdout.write(`Wrote ${file}; review it and add ${name}${timestamp} to migrations/index.ts\n`);
      } finally {
        await app.close();
        await engines.close();
      }
    });
}
