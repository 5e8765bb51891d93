import request from 'supertest';
import { ApiKeyService } from '@app/auth';
import { ManualClock } from '@app/clock';
import { TestApp, createTestApp } from './utils/test-app';

/** The viewer role and console sessions over HTTP: cookie flags, CSRF, expiry, sign-out, revocation. */
describe('console sessions and the viewer role (e2e)', () => {
  const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
  let t: TestApp;
  let base: string;
  let adminKey: string;
  let viewerKey: string;

  beforeAll(async () => {
    t = await createTestApp({
      label: 'console-session',
      clock,
      env: { TRUST_PROXY: 'true', RATE_LIMIT_IP_PER_MINUTE: '25', API_KEY_CACHE_TTL_SECONDS: '0' },
    });
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
    adminKey = (await t.app.get(ApiKeyService).create({ name: 'ops-admin', role: 'admin' })).key;
    viewerKey = (await t.app.get(ApiKeyService).create({ name: 'pm-viewer', role: 'viewer' })).key;
  });

  afterAll(async () => {
    await t.close();
  });

  function signIn(key: string, headers: Record<string, string> = {}) {
    return request(base).post('/console/session').set('Origin', base).set(headers).send({ key });
  }

  function cookieOf(res: request.Response): string {
    const raw = res.headers['set-cookie'] as unknown as string[];
    return raw[0].split(';')[0];
  }

  async function csrfOf(cookie: string): Promise<string> {
    const page = await request(base).get('/console/').set('Cookie', cookie).expect(200);
    return /data-csrf="([^"]+)"/.exec(page.text)![1];
  }

  it('lets a viewer key read admin reports and lists, but not API keys and no writes', async () => {
    const auth = { Authorization: `Bearer ${viewerKey}` };
    await request(base).get('/api/v1/admin/reports/nps').set(auth).expect(200);
    await request(base).get('/api/v1/admin/incidents').set(auth).expect(200);
    const keys = await request(base).get('/api/v1/admin/api-keys').set(auth).expect(403);
    expect(keys.body.message).toContain('role admin');
    await request(base)
      .post('/api/v1/admin/incidents')
      .set(auth)
      .send({ title: 'x', severity: 'SEV-3' })
      .expect(403);
    const who = await request(base).get('/api/v1/auth/whoami').set(auth).expect(200);
    expect(who.body).toMatchObject({ name: 'pm-viewer', role: 'viewer' });
  });

  it('refuses a wrong key, an ingest key and a cross-origin sign-in', async () => {
    const wrong = await signIn('pk_not-a-real-key');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/unknown, revoked or expired/);
    const ingest = (await t.app.get(ApiKeyService).create({ name: 'web', role: 'ingest' })).key;
    await signIn(ingest).expect(401);
    await request(base)
      .post('/console/session')
      .set('Origin', 'http://evil.example')
      .send({ key: adminKey })
      .expect(403);
    await request(base).post('/console/session').set('Origin', base).send({}).expect(400);
  });

  it('sets an HttpOnly SameSite=Strict cookie, Secure only behind https', async () => {
    const plain = await signIn(adminKey).expect(200);
    const cookie = (plain.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^pulse_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const proxied = await signIn(adminKey, {
      'X-Forwarded-Proto': 'https',
      Origin: base.replace('http:', 'https:'),
    });
    expect(proxied.status).toBe(200);
    expect((proxied.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure$/);
  });

  it('reads with the cookie, and writes only with the same Origin and the CSRF token; the author is the key name', async () => {
    const cookie = cookieOf(await signIn(adminKey).expect(200));
    const csrf = await csrfOf(cookie);
    await request(base).get('/api/v1/admin/incidents').set('Cookie', cookie).expect(200);
    const body = { title: 'Checkout down', severity: 'SEV-2' };
    const noToken = await request(base)
      .post('/api/v1/admin/incidents')
      .set({ Cookie: cookie, Origin: base })
      .send(body)
      .expect(403);
    expect(noToken.body.message).toMatch(/CSRF token/);
    const foreign = await request(base)
      .post('/api/v1/admin/incidents')
      .set({ Cookie: cookie, Origin: 'http://127.0.0.1:1', 'X-CSRF-Token': csrf })
      .send(body)
      .expect(403);
    expect(foreign.body.message).toMatch(/Cross-origin/);
    await request(base)
      .post('/api/v1/admin/incidents')
      .set({ Cookie: cookie, 'X-CSRF-Token': csrf })
      .send(body)
      .expect(403); // neither Origin nor Referer
    const created = await request(base)
      .post('/api/v1/admin/incidents')
      .set({ Cookie: cookie, Origin: base, 'X-CSRF-Token': csrf })
      .send(body)
      .expect(201);
    expect(created.body.timeline[0].author).toBe('ops-admin');
  });

  it('gives a viewer session the viewer rights: reads yes, writes 403', async () => {
    const cookie = cookieOf(await signIn(viewerKey).expect(200));
    const csrf = await csrfOf(cookie);
    await request(base).get('/api/v1/admin/reports/funnel').set('Cookie', cookie).expect(200);
    await request(base).get('/api/v1/admin/api-keys').set('Cookie', cookie).expect(403);
    await request(base)
      .post('/api/v1/admin/incidents')
      .set({ Cookie: cookie, Origin: base, 'X-CSRF-Token': csrf })
      .send({ title: 'x', severity: 'SEV-3' })
      .expect(403);
    // The admin page's shell has no admin data; its module tells a viewer the page is for admins.
    const adminPage = await request(base).get('/console/admin').set('Cookie', cookie).expect(200);
    expect(adminPage.text).toContain('data-role="viewer"');
    expect(adminPage.text).not.toContain('data-nav="admin"');
  });

  it('ends the session on sign-out and on revocation of its key', async () => {
    const cookie = cookieOf(await signIn(adminKey).expect(200));
    const csrf = await csrfOf(cookie);
    await request(base).post('/console/sign-out').set({ Cookie: cookie, Origin: base }).expect(403);
    const out = await request(base)
      .post('/console/sign-out')
      .set({ Cookie: cookie, Origin: base, 'X-CSRF-Token': csrf })
      .expect(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^pulse_session=; .*Max-Age=0/);
    await request(base).get('/api/v1/admin/incidents').set('Cookie', cookie).expect(401);
    const page = await request(base).get('/console/nps').set('Cookie', cookie).expect(303);
    expect(page.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fnps');

    const created = await t.app.get(ApiKeyService).create({ name: 'temp', role: 'viewer' });
    const second = cookieOf(await signIn(created.key).expect(200));
    await request(base).get('/api/v1/admin/incidents').set('Cookie', second).expect(200);
    await request(base)
      .delete(`/api/v1/admin/api-keys/${created.id}`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(204);
    await request(base).get('/api/v1/admin/incidents').set('Cookie', second).expect(401);
  });

  it('expires a session after the idle time and after the absolute lifetime', async () => {
    const idle = cookieOf(await signIn(viewerKey).expect(200));
    clock.advance(59 * 60_000);
    await request(base).get('/api/v1/admin/incidents').set('Cookie', idle).expect(200);
    clock.advance(59 * 60_000); // active 59 min ago: still alive
    await request(base).get('/api/v1/admin/incidents').set('Cookie', idle).expect(200);
    clock.advance(61 * 60_000);
    await request(base).get('/api/v1/admin/incidents').set('Cookie', idle).expect(401);

    const busy = cookieOf(await signIn(viewerKey).expect(200));
    for (let hour = 0; hour < 11; hour += 1) {
      clock.advance(55 * 60_000);
      await request(base).get('/api/v1/admin/incidents').set('Cookie', busy).expect(200);
    }
    clock.advance(2 * 3600_000 - 11 * 5 * 60_000 + 60_000); // past 12 h since sign-in
    await request(base).get('/api/v1/admin/incidents').set('Cookie', busy).expect(401);
  });

  it('rate-limits sign-in attempts per client IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 26; i += 1) statuses.push((await signIn(`pk_guess-${i}`)).status);
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(-1);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    const limited = await signIn(adminKey).expect(429); // the right key too: the IP's budget is spent
    expect(limited.body.message).toMatch(/per client IP/);
  });
});
