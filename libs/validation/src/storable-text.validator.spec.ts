import { hasUnstorableText } from './storable-text.validator';

describe('hasUnstorableText', () => {
  it('accepts ordinary text, emoji (paired surrogates) and Chinese', () => {
    expect(hasUnstorableText('Great app 👍 很好用')).toBe(false);
    expect(hasUnstorableText({ a: ['x', { b: '😀' }], n: 1, z: null })).toBe(false);
  });

  it('finds NUL and unpaired surrogates in strings, nested values and keys', () => {
    expect(hasUnstorableText('a\u0000b')).toBe(true);
    expect(hasUnstorableText('a\ud800b')).toBe(true);
    expect(hasUnstorableText('\udc00')).toBe(true);
    expect(hasUnstorableText({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(hasUnstorableText({ ['k\u0000']: 1 })).toBe(true);
  });
});
