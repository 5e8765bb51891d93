import { InvalidNpsLinkTokenError, NpsLinkNotConfiguredError, NpsLinkSigner } from '@app/auth';
import { ManualClock } from '@app/clock';
import { TestApp, createTestApp } from './utils/test-app';

describe('CORS (e2e)', () => {
  let closed: TestApp;
  let open: TestApp;

  beforeAll(async () => {
    closed = await createTestApp({ label: 'cors' });
    open = await createTestApp({
      isolation: closed.isolation,
      env: { CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' },
    });
  });

  afterAll(async () => {
    await open.close();
    await closed.close();
  });

  it('sends no CORS headers by default', async () => {
    const res = await closed.http.get('/api/v1/health').set('Origin', 'https://app.example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await closed.http
      .options('/api/v1/auth/whoami')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins, preflight included', async () => {
    const res = await open.http.get('/api/v1/health').set('Origin', 'https://admin.example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    // Scripts may read the request id and the rate-limit answers.
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
    expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    const preflight = await open.http
      .options('/api/v1/auth/whoami')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
  });

  it('refuses other origins (no allow header, so browsers block the response)', async () => {
    const res = await open.http.get('/api/v1/health').set('Origin', 'https://evil.example.net').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('NPS link tokens in the running app (e2e)', () => {
  const clock = new ManualClock(new Date('2026-11-24T12:00:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      label: 'npslink',
      clock,
      env: { NPS_LINK_SECRET: 'nps-link-secret-for-the-e2e-test-0123456789' },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const problemOf = (run: () => unknown) => {
    try {
      run();
      return 'accepted';
    } catch (error) {
      if (error instanceof InvalidNpsLinkTokenError) return error.problem;
      throw error;
    }
  };

  it('verifies its own tokens and rejects tampered and expired ones', () => {
    const signer = t.app.get(NpsLinkSigner);
    const token = signer.sign({
      userId: 'u-1',
      surveyId: 's-1',
      expiresAt: new Date('2026-11-25T12:00:00Z'),
    });
    expect(signer.verify(token)).toEqual({
      userId: 'u-1',
      surveyId: 's-1',
      expiresAt: new Date('2026-11-25T12:00:00Z'),
    });

    const [body, signature] = token.split('.');
    const otherUser = Buffer.from(
      Buffer.from(body, 'base64url').toString('utf8').replace('"u-1"', '"u-2"'),
    ).toString('base64url');
    expect(problemOf(() => signer.verify(`${otherUser}.${signature}`))).toBe('tampered');
    expect(problemOf(() => signer.verify(token.slice(0, -2)))).toBe('tampered');
    expect(problemOf(() => signer.verify('not-a-token'))).toBe('malformed');

    clock.advance(24 * 60 * 60 * 1000);
    expect(problemOf(() => signer.verify(token))).toBe('expired');
  });

  it('fails clearly when NPS_LINK_SECRET is not set', async () => {
    const unset = await createTestApp({ isolation: t.isolation });
    try {
      const signer = unset.app.get(NpsLinkSigner);
      expect(() => signer.sign({ userId: 'u', surveyId: 's', expiresAt: new Date() })).toThrow(
        NpsLinkNotConfiguredError,
      );
    } finally {
      await unset.close();
    }
  });
});
