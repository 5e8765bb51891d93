import { Controller, HttpCode, MiddlewareConsumer, Module, NestModule, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Response } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AuthenticatedRequest, RequireRole, Role } from '@app/auth';
import { ManualClock } from '@app/clock';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.factory';
import { TestApp, createTestApp } from './utils/test-app';
import { cleanupIsolation, newIsolation, testConfig } from './utils/test-env';

/** Endpoints of the kinds other modules will add, so every role is checked on one of its own. */
@Controller('probe')
class ProbeController {
  @Post('ingest')
  @RequireRole('ingest')
  @HttpCode(200)
  ingest() {
    return { ok: true };
  }

  @Post('alerts')
  @RequireRole('alertmanager')
  @HttpCode(200)
  alerts() {
    return { ok: true };
  }
}

/** What an access log sees when the response is finished. */
const seenPrincipals: Array<{ path: string; status: number; principal?: string }> = [];

@Module({})
class PrincipalRecorderModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: AuthenticatedRequest, res: Response, next: NextFunction) => {
        res.on('finish', () =>
          seenPrincipals.push({
            path: req.originalUrl,
            status: res.statusCode,
            principal: req.principal?.name,
          }),
        );
        next();
      })
      .forRoutes('*');
  }
}

describe('API keys and roles (e2e)', () => {
  const isolation = newIsolation('auth');
  const clock = new ManualClock(new Date('2026-11-24T12:00:00Z'));
  let app: NestExpressApplication;
  let http: TestAgent;
  let adminKey: string;

  async function createKey(role: Role, extra: Record<string, unknown> = {}) {
    const res = await http
      .post('/api/v1/admin/api-keys')
      .auth(adminKey, { type: 'bearer' })
      .send({ name: `${role}-client`, role, ...extra })
      .expect(201);
    return res.body as { id: string; key: string; prefix: string; role: Role };
  }

  beforeAll(async () => {
    const config = testConfig(isolation, {
      BOOTSTRAP_ADMIN_KEY: 'bootstrap-admin-key-for-the-auth-e2e-test-0001',
    });
    @Module({
      imports: [AppModule.forRoot(config, { clock }), PrincipalRecorderModule],
      controllers: [ProbeController],
    })
    class ProbeRoot {}
    app = await NestFactory.create<NestExpressApplication>(ProbeRoot, {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
    configureApp(app, config);
    await app.init();
    http = request(app.getHttpServer());
    adminKey = config.auth.bootstrapAdminKey!;
  });

  afterAll(async () => {
    await app.close();
    await cleanupIsolation(isolation);
  });

  describe('admin API', () => {
    it('creates a key and shows it once: 201 {id, key, prefix, role}', async () => {
      const created = await createKey('ingest', { expiresAt: '2027-01-01T00:00:00Z' });
      expect(created).toMatchObject({
        role: 'ingest',
        name: 'ingest-client',
        expiresAt: '2027-01-01T00:00:00.000Z',
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(created.key.startsWith(created.prefix)).toBe(true);
      expect(created.prefix).toHaveLength(11);

      const who = await http.get('/api/v1/auth/whoami').auth(created.key, { type: 'bearer' }).expect(200);
      expect(who.body).toEqual({ id: created.id, name: 'ingest-client', role: 'ingest' });
    });

    it('lists keys without secrets or hashes', async () => {
      const created = await createKey('alertmanager');
      const res = await http.get('/api/v1/admin/api-keys').auth(adminKey, { type: 'bearer' }).expect(200);
      const listed = res.body.items.find((item: { id: string }) => item.id === created.id);
      expect(listed).toEqual({
        id: created.id,
        name: 'alertmanager-client',
        role: 'alertmanager',
        prefix: created.prefix,
        status: 'active',
        createdAt: expect.any(String),
        expiresAt: null,
        revokedAt: null,
      });
      expect(res.body.items.some((item: { name: string }) => item.name === 'bootstrap')).toBe(true);
      expect(res.text).not.toContain(created.key);
      expect(res.text).not.toMatch(/hash/i);
    });

    it('names the field in validation errors', async () => {
      const post = (body: object) =>
        http.post('/api/v1/admin/api-keys').auth(adminKey, { type: 'bearer' }).send(body).expect(400);
      expect((await post({ role: 'ingest' })).body.message).toMatch(/^name /);
      expect((await post({ name: 'x', role: 'root' })).body.message).toBe(
        'role must be one of: admin, ingest, alertmanager, viewer',
      );
      expect((await post({ name: 'x'.repeat(101), role: 'ingest' })).body.message).toMatch(
        /name must be shorter/,
      );
      expect((await post({ name: 'x', role: 'ingest', expiresAt: 'tomorrow' })).body.message).toBe(
        'expiresAt must be an ISO 8601 date-time',
      );
      expect(
        (await post({ name: 'x', role: 'ingest', expiresAt: '2026-11-24T11:00:00Z' })).body.message,
      ).toBe('expiresAt must be in the future');
      expect((await post({ name: 'x', role: 'ingest', key: 'chosen' })).body.message).toBe(
        'key is not an allowed field',
      );
    });

    it('revokes: 204, then the key is refused; 404 for an unknown id, 400 for a non-uuid', async () => {
      const created = await createKey('ingest');
      await http.get('/api/v1/auth/whoami').auth(created.key, { type: 'bearer' }).expect(200);
      await http
        .delete(`/api/v1/admin/api-keys/${created.id}`)
        .auth(adminKey, { type: 'bearer' })
        .expect(204);
      // The replica that revokes forgets its cache at once.
      await http.get('/api/v1/auth/whoami').auth(created.key, { type: 'bearer' }).expect(401);
      await http
        .delete(`/api/v1/admin/api-keys/${created.id}`)
        .auth(adminKey, { type: 'bearer' })
        .expect(204);
      const list = await http.get('/api/v1/admin/api-keys').auth(adminKey, { type: 'bearer' }).expect(200);
      expect(list.body.items.find((item: { id: string }) => item.id === created.id).status).toBe('revoked');

      const unknown = await http
        .delete('/api/v1/admin/api-keys/7d444840-9dc0-11d1-b245-5ffdce74fad2')
        .auth(adminKey, { type: 'bearer' })
        .expect(404);
      expect(unknown.body.message).toBe('API key 7d444840-9dc0-11d1-b245-5ffdce74fad2 not found');
      const bad = await http
        .delete('/api/v1/admin/api-keys/42')
        .auth(adminKey, { type: 'bearer' })
        .expect(400);
      expect(bad.body.message).toBe('id must be a UUID');
    });

    it('refuses a key once it has expired', async () => {
      const created = await createKey('ingest', { expiresAt: '2026-11-24T13:00:00Z' });
      await http.get('/api/v1/auth/whoami').auth(created.key, { type: 'bearer' }).expect(200);
      clock.advance(60 * 60 * 1000);
      const res = await http.get('/api/v1/auth/whoami').auth(created.key, { type: 'bearer' }).expect(401);
      expect(res.body.message).toBe('The API key is unknown, revoked or expired');
      const list = await http.get('/api/v1/admin/api-keys').auth(adminKey, { type: 'bearer' }).expect(200);
      expect(list.body.items.find((item: { id: string }) => item.id === created.id).status).toBe('expired');
    });
  });

  describe('roles', () => {
    const endpoints: Array<{ kind: Role; method: 'get' | 'post'; path: string }> = [
      { kind: 'admin', method: 'get', path: '/api/v1/admin/api-keys' },
      { kind: 'ingest', method: 'post', path: '/api/v1/probe/ingest' },
      { kind: 'alertmanager', method: 'post', path: '/api/v1/probe/alerts' },
    ];
    const keys = new Map<Role, string>();

    beforeAll(async () => {
      for (const role of ['admin', 'ingest', 'alertmanager'] as const)
        keys.set(role, (await createKey(role)).key);
    });

    it.each(endpoints)(
      '$kind endpoint: 401 without or with a wrong key, 403 for other roles, 200 for its own',
      async ({ kind, method, path }) => {
        const missing = await http[method](path).set('X-Request-Id', 'r-401').expect(401);
        expect(missing.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'An API key is required (Authorization: Bearer <key> or X-API-Key: <key>)',
          requestId: 'r-401',
        });
        expect(missing.headers['www-authenticate']).toBe('Bearer realm="pulse"');
        await http[method](path).auth('pk_wrongwrongwrongwrong', { type: 'bearer' }).expect(401);
        await http[method](path)
          .set('Authorization', `Basic ${keys.get(kind)}`)
          .expect(401);

        for (const [role, key] of keys) {
          const res = await http[method](path).auth(key, { type: 'bearer' });
          expect({ role, status: res.status }).toEqual({ role, status: role === kind ? 200 : 403 });
          if (role !== kind) {
            expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
            expect(res.body.message).toBe(
              `This endpoint requires the role ${kind}; the key has the role ${role}`,
            );
          }
        }
        await http[method](path).set('X-API-Key', keys.get(kind)!).expect(200);
        await http[method](path)
          .set('Authorization', `bearer ${keys.get(kind)}`)
          .expect(200);
      },
    );

    it('gives whoami to every role', async () => {
      for (const [role, key] of keys) {
        const res = await http.get('/api/v1/auth/whoami').set('X-API-Key', key).expect(200);
        expect(res.body).toMatchObject({ role, name: `${role}-client` });
      }
    });

    it('exposes the principal to the access log, also when the role is wrong', async () => {
      seenPrincipals.length = 0;
      await http.post('/api/v1/probe/ingest').auth(keys.get('ingest')!, { type: 'bearer' }).expect(200);
      await http.post('/api/v1/probe/ingest').auth(keys.get('alertmanager')!, { type: 'bearer' }).expect(403);
      await http.post('/api/v1/probe/ingest').expect(401);
      expect(seenPrincipals).toEqual([
        { path: '/api/v1/probe/ingest', status: 200, principal: 'ingest-client' },
        { path: '/api/v1/probe/ingest', status: 403, principal: 'alertmanager-client' },
        { path: '/api/v1/probe/ingest', status: 401, principal: undefined },
      ]);
    });
  });
});

describe('API key cache and revocation across replicas (e2e)', () => {
  let first: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ label: 'authcache', env: { API_KEY_CACHE_TTL_SECONDS: '1' } });
  });

  afterAll(async () => {
    await first.close();
  });

  it('another replica stops accepting a revoked key within API_KEY_CACHE_TTL_SECONDS', async () => {
    const clock = new ManualClock();
    const second = await createTestApp({
      isolation: first.isolation,
      clock,
      env: { API_KEY_CACHE_TTL_SECONDS: '1' },
    });
    try {
      const admin = await first.keyFor('admin');
      const created = await first.http
        .post('/api/v1/admin/api-keys')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'client', role: 'ingest' })
        .expect(201);
      const key: string = created.body.key;
      await second.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200); // now cached

      await first.http
        .delete(`/api/v1/admin/api-keys/${created.body.id}`)
        .auth(admin, { type: 'bearer' })
        .expect(204);
      await first.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(401);
      // The other replica still trusts its cache until the TTL has passed, and not a moment longer.
      await second.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(200);
      clock.advance(1000);
      await second.http.get('/api/v1/auth/whoami').auth(key, { type: 'bearer' }).expect(401);
    } finally {
      await second.close();
    }
  });

  it('with API_KEY_CACHE_TTL_SECONDS=0 every replica sees a revocation at once', async () => {
    const second = await createTestApp({
      isolation: first.isolation,
      env: { API_KEY_CACHE_TTL_SECONDS: '0' },
    });
    try {
      const admin = await first.keyFor('admin');
      const created = await first.http
        .post('/api/v1/admin/api-keys')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'client', role: 'ingest' })
        .expect(201);
      await second.http.get('/api/v1/auth/whoami').auth(created.body.key, { type: 'bearer' }).expect(200);
      await first.http
        .delete(`/api/v1/admin/api-keys/${created.body.id}`)
        .auth(admin, { type: 'bearer' })
        .expect(204);
      await second.http.get('/api/v1/auth/whoami').auth(created.body.key, { type: 'bearer' }).expect(401);
    } finally {
      await second.close();
    }
  });

  it('seeds BOOTSTRAP_ADMIN_KEY idempotently across restarts and replicas', async () => {
    const env = { BOOTSTRAP_ADMIN_KEY: 'another-bootstrap-admin-key-0123456789abcdef' };
    const a = await createTestApp({ isolation: first.isolation, env });
    const b = await createTestApp({ isolation: first.isolation, env });
    try {
      const res = await b.http
        .get('/api/v1/admin/api-keys')
        .auth(env.BOOTSTRAP_ADMIN_KEY, { type: 'bearer' })
        .expect(200);
      expect(res.body.items.filter((item: { name: string }) => item.name === 'bootstrap')).toHaveLength(1);
      await a.http.get('/api/v1/auth/whoami').set('X-API-Key', env.BOOTSTRAP_ADMIN_KEY).expect(200);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
