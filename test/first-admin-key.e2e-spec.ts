import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyService } from '@app/auth';
import type { Engines } from '@app/engines';
import { announceFirstAdminKey } from '../apps/api/src/bootstrap/first-admin-key';
import { TestApp, createTestApp } from './utils/test-app';

/** When the first-start key is made, and when it is not (the process-level test covers the happy path). */
describe('first-start admin key', () => {
  let t: TestApp;
  const owner = (embedded: boolean): Engines => ({
    config: t.config,
    embedded: { postgres: embedded, redis: embedded },
    owner: null,
    ownsDataDir: embedded,
    notices: [],
    close: async () => {},
  });
  let written: string[];

  beforeEach(async () => {
    t = await createTestApp({ label: 'firstkey' });
    t.config.database.dataDir = mkdtempSync(join(tmpdir(), 'pulse-firstkey-'));
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('is created once on the embedded default, shown in one line and kept in a 0600 file', async () => {
    const key = await announceFirstAdminKey(t.app, t.config, owner(true));
    expect(key).toMatch(/^pk_/);
    const file = join(t.config.database.dataDir, 'admin-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(written.join('').trim().split('\n')).toEqual([expect.stringContaining(key!)]);
    // An admin key exists now: the next start creates none.
    await expect(announceFirstAdminKey(t.app, t.config, owner(true))).resolves.toBeNull();
  });

  it('is never created in production, with DATABASE_URL set, or when an admin key exists', async () => {
    t.config.app.env = 'production';
    await expect(announceFirstAdminKey(t.app, t.config, owner(true))).resolves.toBeNull();
    t.config.app.env = 'development';
    await expect(announceFirstAdminKey(t.app, t.config, owner(false))).resolves.toBeNull();
    await t.app.get(ApiKeyService).create({ name: 'mine', role: 'admin' });
    await expect(announceFirstAdminKey(t.app, t.config, owner(true))).resolves.toBeNull();
    expect(existsSync(join(t.config.database.dataDir, 'admin-key'))).toBe(false);
    expect(written).toEqual([]);
  });
});
