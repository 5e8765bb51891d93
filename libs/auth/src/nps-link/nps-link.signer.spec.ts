import { createHmac } from 'node:crypto';
import { loadConfig } from '@app/config';
import { ManualClock } from '@app/clock';
import { InvalidNpsLinkTokenError, NpsLinkNotConfiguredError } from './nps-link.errors';
import { NpsLinkSigner } from './nps-link.signer';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2026-11-24T12:00:00Z');

function signer(secret: string | null = SECRET, clock = new ManualClock(NOW)): NpsLinkSigner {
  return new NpsLinkSigner(loadConfig(secret ? { NPS_LINK_SECRET: secret } : {}), clock);
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidNpsLinkTokenError) return error.problem;
    throw error;
  }
  return 'accepted';
}

const payload = { userId: 'user-42', surveyId: 'q4-2026', expiresAt: new Date('2026-12-01T00:00:00Z') };

describe('NpsLinkSigner', () => {
  it('verifies what it signed and returns the payload', () => {
    const s = signer();
    const token = s.sign(payload);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(s.verify(token)).toEqual(payload);
  });

  it('keeps unicode ids intact', () => {
    const s = signer();
    const token = s.sign({ ...payload, userId: 'usér/日本+=?&' });
    expect(s.verify(token).userId).toBe('usér/日本+=?&');
  });

  it('rejects a token whose payload was changed (another user)', () => {
    const s = signer();
    const [, signature] = s.sign(payload).split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'user-43', s: 'q4-2026', e: 1796083200 })).toString(
      'base64url',
    );
    expect(problemOf(() => s.verify(`${forged}.${signature}`))).toBe('tampered');
  });

  it('rejects a token whose signature was changed, in any position', () => {
    const s = signer();
    const token = s.sign(payload);
    const [body, signature] = token.split('.');
    for (const index of [0, 20, signature.length - 1]) {
      const flipped =
        signature.slice(0, index) + (signature[index] === 'A' ? 'B' : 'A') + signature.slice(index + 1);
      expect(problemOf(() => s.verify(`${body}.${flipped}`))).toBe('tampered');
    }
  });

  it('rejects a token signed with another secret', () => {
    const token = signer('another-secret-that-is-long-enough-9876543210').sign(payload);
    expect(problemOf(() => signer().verify(token))).toBe('tampered');
  });

  it('rejects an expired token, and accepts it up to the second before expiry', () => {
    const clock = new ManualClock(new Date('2026-11-30T23:59:59Z'));
    const s = signer(SECRET, clock);
    const token = s.sign(payload);
    expect(s.verify(token).userId).toBe('user-42');
    clock.set(payload.expiresAt);
    expect(problemOf(() => s.verify(token))).toBe('expired');
  });

  it('says malformed for tokens that are not ours', () => {
    const s = signer();
    const valid = s.sign(payload);
    const cases = ['', 'abc', `${valid}.x`, 'a b.c', `${'a'.repeat(3000)}.b`, '.', `${valid.split('.')[0]}.`];
    for (const token of cases) expect(problemOf(() => s.verify(token))).toBe('malformed');
  });

  it('says malformed when a correctly signed payload is not a valid link', () => {
    const s = signer();
    // Garbage signed with the real secret: the signature passes, the payload check must not.
    for (const json of ['not json', '{"u":"","s":"x","e":1}', '{"u":"a","s":"b","e":"soon"}', 'null']) {
      const body = Buffer.from(json).toString('base64url');
      const signature = createHmac('sha256', SECRET).update(body).digest('base64url');
      expect(problemOf(() => s.verify(`${body}.${signature}`))).toBe('malformed');
    }
  });

  it('answers 400 with a clear message when the error reaches HTTP', () => {
    const error = new InvalidNpsLinkTokenError('expired');
    expect(error.getStatus()).toBe(400);
    expect(error.message).toBe('The NPS link has expired');
  });

  it('refuses to sign or verify without NPS_LINK_SECRET, saying which variable to set', () => {
    const s = signer(null);
    expect(() => s.sign(payload)).toThrow(NpsLinkNotConfiguredError);
    expect(() => s.sign(payload)).toThrow(/NPS_LINK_SECRET/);
    expect(() => s.verify('a.b')).toThrow(NpsLinkNotConfiguredError);
  });

  it('refuses to sign empty ids or an invalid date', () => {
    const s = signer();
    expect(() => s.sign({ ...payload, userId: '' })).toThrow(/userId/);
    expect(() => s.sign({ ...payload, expiresAt: new Date('nope') })).toThrow(/expiresAt/);
  });
});
