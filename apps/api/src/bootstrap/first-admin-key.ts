import { chmodSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ApiKeyService } from '@app/auth';
import { AppConfig } from '@app/config';
import type { Engines } from '@app/engines';

export const FIRST_ADMIN_KEY_FILE = 'admin-key';

/**
 * On the embedded default (never in production), a first start with no active admin key creates one,
 * prints it once on stdout (never into the log files) and keeps it in DATA_DIR/admin-key, readable by
 * the owner only: the first request can then succeed without reading anything else.
 */
export async function announceFirstAdminKey(
  app: INestApplication,
  config: AppConfig,
  engines: Engines,
): Promise<string | null> {
  if (!engines.embedded.postgres || !engines.ownsDataDir || config.app.env === 'production') return null;
  const keys = app.get(ApiKeyService);
  const existing = await keys.list();
  if (existing.some((key) => key.role === 'admin' && key.status === 'active')) return null;
  const created = await keys.create({ name: 'first-start admin', role: 'admin' });
  const file = join(resolve(config.database.dataDir), FIRST_ADMIN_KEY_FILE);
  try {
    unlinkSync(file); // a key file left from a key since revoked: mode applies only on creation
  } catch {
    // none yet
  }
  writeFileSync(file, `${created.key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  process.stdout.write(
    `\n>>> Admin API key created on first start (shown once; saved to ${file}, readable by you only): ${created.key}\n\n`,
  );
  return created.key;
}
