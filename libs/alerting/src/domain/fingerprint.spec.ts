import { fingerprintOf } from './fingerprint';

describe('fingerprintOf', () => {
  // Values from prometheus/common model/labelset_test.go (TestMetricToFingerprint).
  it('matches Prometheus for the empty label set', () => {
    expect(fingerprintOf({})).toBe('cbf29ce484222325'); // 14695981039346656037
  });

  it('matches Prometheus for a known label set, whatever the key order', () => {
    const expected = '507a62d79ee76c9a'; // 5799056148416392346
    expect(fingerprintOf({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(expected);
    expect(fingerprintOf({ fear: 'love is not enough', name: 'garland, briggs' })).toBe(expected);
  });

  it('differs when a value changes and prints 16 hex digits', () => {
    const a = fingerprintOf({ alertname: 'X', instance: 'a' });
    const b = fingerprintOf({ alertname: 'X', instance: 'b' });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
