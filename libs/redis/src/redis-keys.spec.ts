import { RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  const keys = new RedisKeys('pulse:');

  it('prefixes plain keys', () => {
    expect(keys.key('cache', 'Reports.nps', 'abc')).toBe('pulse:cache:Reports.nps:abc');
  });

  it('puts a hash tag right after the prefix so related keys share a cluster slot', () => {
    expect(keys.tagged('active', 'd', '2026-11-22')).toBe('pulse:{active}:d:2026-11-22');
    expect(keys.tagged('active')).toBe('pulse:{active}');
  });

  it('refuses tags that would break slot hashing', () => {
    expect(() => keys.tagged('a}b')).toThrow('hash tag');
  });

  it('escapes glob characters in scan patterns', () => {
    expect(new RedisKeys('p[1]:').pattern('cache', 'x')).toBe('p\\[1\\]:cache:x*');
  });
});
