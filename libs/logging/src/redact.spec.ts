import { REDACTED, isSensitiveKey, redact, redactString } from './redact';

describe('redact', () => {
  it('replaces the values of sensitive keys at any depth, in objects and arrays', () => {
    const input = {
      user: 'ada',
      password: 'p1',
      profile: { settings: { deeper: { apiKey: 'k1', api_key: 'k2', 'x-api-key': 'k3' } } },
      headers: { Authorization: 'Basic abc', cookie: 'sid=1', 'set-cookie': ['a=1'] },
      list: [{ clientSecret: 's1' }, { accessToken: 't1', refresh_token: 't2' }],
      slackWebhookUrl: 'https://example.test/anything',
      PAGERDUTY_ROUTING_KEY: 'r1',
    };
    expect(redact(input)).toEqual({
      user: 'ada',
      password: REDACTED,
      profile: { settings: { deeper: { apiKey: REDACTED, api_key: REDACTED, 'x-api-key': REDACTED } } },
      headers: { Authorization: REDACTED, cookie: REDACTED, 'set-cookie': REDACTED },
      list: [{ clientSecret: REDACTED }, { accessToken: REDACTED, refresh_token: REDACTED }],
      slackWebhookUrl: REDACTED,
      PAGERDUTY_ROUTING_KEY: REDACTED,
    });
  });

  it('keeps names that only describe a secret', () => {
    for (const key of ['apiKeyId', 'keyPrefix', 'tokenType', 'passwordChangedAt', 'name', 'id']) {
      expect(isSensitiveKey(key)).toBe(false);
    }
    for (const key of ['token', 'sessionId', 'csrfToken', 'newPassword', 'pwd', 'METRICS_TOKEN']) {
      expect(isSensitiveKey(key)).toBe(true);
    }
  });

  it('never mutates its input', () => {
    const input = { nested: { password: 'p1' } };
    redact(input);
    expect(input.nested.password).toBe('p1');
  });

  it.each([
    ['called with Bearer abcdef0123456789', `called with Bearer ${REDACTED}`],
    ['Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${REDACTED}`],
    ['postgresql://pulse:s3cret@db:5432/pulse', `postgresql://pulse:${REDACTED}@db:5432/pulse`],
    ['posting to https://hooks.slack.com/services/T0/B0/XYZ now', `posting to ${REDACTED} now`],
    ['https://discord.com/api/webhooks/123/abc', REDACTED],
    ['GET /api/v1/nps?token=abc.def&score=9', `GET /api/v1/nps?token=${REDACTED}&score=9`],
    ['login failed: password=hunter2, retry', `login failed: password=${REDACTED}, retry`],
    ['{"token":"t-123456","ok":true}', `{"token":"${REDACTED}","ok":true}`],
    ['key pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA used', `key ${REDACTED} used`],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', `jwt ${REDACTED}`],
    ['slack xoxb-1234567890-abcdefghij', `slack ${REDACTED}`],
  ])('redacts secrets inside text: %s', (text, expected) => {
    expect(redactString(text)).toBe(expected);
  });

  it('leaves ordinary text alone, including a key prefix shown for identification', () => {
    for (const text of [
      'GET /api/v1/health 200 1.2ms',
      'unknown, revoked or expired key (prefix pk_AbCdEfGh)',
      'A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)',
      'The API key is unknown, revoked or expired',
    ]) {
      expect(redactString(text)).toBe(text);
    }
  });

  it('turns errors into fields and redacts their message and stack', () => {
    class LoginFailure extends Error {}
    const error = new LoginFailure('bad password=hunter2');
    const result = redact({ error }) as { error: Record<string, unknown> };
    expect(result.error).toMatchObject({ name: 'LoginFailure', message: `bad password=${REDACTED}` });
    expect(result.error.stack).toContain(`password=${REDACTED}`);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('produces JSON-safe output: cycles, bigints, binaries, depth', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: 'too deep' } } } } } } } } };
    const result = redact({ cyclic, big: 10n, bytes: Buffer.from('secret'), deep, fn: () => 1 });
    expect(() => JSON.stringify(result)).not.toThrow();
    expect(result).toMatchObject({
      cyclic: { name: 'loop', self: '[Circular]' },
      big: '10',
      bytes: '[Binary 6 bytes]',
    });
    expect(JSON.stringify(result)).toContain('[Truncated]');
    const shared = { password: 'p' };
    expect(redact({ a: shared, b: shared })).toEqual({
      a: { password: REDACTED },
      b: { password: REDACTED },
    });
  });

  it('uses toJSON (dates and value objects)', () => {
    expect(redact({ at: new Date('2026-01-02T03:04:05Z') })).toEqual({ at: '2026-01-02T03:04:05.000Z' });
  });
});
