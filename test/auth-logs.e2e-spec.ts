import { WINSTON_MODULE_PROVIDER } from 'nest-winston';
import type { Logger as WinstonLogger } from 'winston';
import Transport from 'winston-transport';
import { TestApp, createTestApp } from './utils/test-app';

/** Everything the app's logger is given, as the JSON it would be written as plus the final line. */
class CaptureTransport extends Transport {
  readonly lines: string[] = [];

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const line = info[Symbol.for('message')];
    this.lines.push(JSON.stringify(info) + (typeof line === 'string' ? line : ''));
    next();
  }
}

describe('API keys never reach the logs (e2e)', () => {
  let t: TestApp;
  const capture = new CaptureTransport();

  beforeAll(async () => {
    t = await createTestApp({ label: 'authlogs', env: { LOG_LEVEL: 'trace' } });
    const winston = t.app.get<WinstonLogger>(WINSTON_MODULE_PROVIDER);
    for (const transport of winston.transports) transport.silent = true;
    winston.add(capture);
  });

  afterAll(async () => {
    await t.close();
  });

  it('logs requests and failed authentications without the key', async () => {
    const admin = await t.keyFor('admin');
    const create = (name: string) =>
      t.http
        .post('/api/v1/admin/api-keys')
        .auth(admin, { type: 'bearer' })
        .send({ name, role: 'ingest' })
        .expect(201)
        .then((res) => res.body as { id: string; key: string; prefix: string });
    const valid = await create('valid');
    const revoked = await create('revoked');
    await t.http.delete(`/api/v1/admin/api-keys/${revoked.id}`).auth(admin, { type: 'bearer' }).expect(204);
    const guessed = 'pk_guessedGUESSEDguessedGUESSEDguessedGUESSED0';
    const notOurs = 'some-password-pasted-by-mistake-1234567890';
    capture.lines.length = 0;

    await t.http.get('/api/v1/auth/whoami').auth(valid.key, { type: 'bearer' }).expect(200);
    await t.http.get('/api/v1/admin/api-keys').set('X-API-Key', valid.key).expect(403);
    await t.http.get('/api/v1/auth/whoami').auth(revoked.key, { type: 'bearer' }).expect(401);
    await t.http.get('/api/v1/auth/whoami').set('X-API-Key', guessed).expect(401);
    await t.http.get(`/api/v1/auth/whoami?key=${guessed}`).auth(notOurs, { type: 'bearer' }).expect(401);
    await t.http
      .post('/api/v1/admin/api-keys')
      .auth(admin, { type: 'bearer' })
      .send({ name: 'n', role: 'x' })
      .expect(400);

    const output = capture.lines.join('\n');
    // The capture sees the traffic: failed authentications are logged (debug), by public prefix only.
    expect(output).toContain(`unknown, revoked or expired key (prefix ${revoked.prefix})`);
    expect(output).toContain('(not a Pulse key)');
    for (const secret of [valid.key, revoked.key, guessed, notOurs, admin]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(secret.slice(11)); // nor the part after the prefix
    }
  });
});
