import { CacheKeyError, argumentsMaterial, hashKeyMaterial } from './cache-key';

describe('cache key hashing', () => {
  it('ignores property order, at every depth', () => {
    expect(hashKeyMaterial([{ a: 1, b: { c: 2, d: 3 } }])).toBe(
      hashKeyMaterial([{ b: { d: 3, c: 2 }, a: 1 }]),
    );
  });

  it('tells different arguments apart, including types that print alike', () => {
    const hashes = [
      [1],
      ['1'],
      [true],
      ['true'],
      [null],
      [[1]],
      [new Date(0)],
      [new Date(0).toISOString()],
      [{}],
      [[]],
    ].map((args) => hashKeyMaterial(args));
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashKeyMaterial([1, 2])).not.toBe(hashKeyMaterial([2, 1]));
  });

  it('treats undefined properties and trailing undefined arguments as absent', () => {
    expect(hashKeyMaterial([{ a: 1, b: undefined }])).toBe(hashKeyMaterial([{ a: 1 }]));
    expect(hashKeyMaterial(argumentsMaterial([1, undefined, undefined]))).toBe(
      hashKeyMaterial(argumentsMaterial([1])),
    );
    expect(hashKeyMaterial(argumentsMaterial([undefined, 1]))).not.toBe(
      hashKeyMaterial(argumentsMaterial([1])),
    );
  });

  it('keys class instances (validated DTOs) by their data', () => {
    class Query {
      constructor(
        public from: string,
        public to: string,
      ) {}
    }
    expect(hashKeyMaterial([new Query('a', 'b')])).toBe(hashKeyMaterial([{ to: 'b', from: 'a' }]));
  });

  it('is order independent for Sets and Maps', () => {
    expect(hashKeyMaterial(new Set([1, 2]))).toBe(hashKeyMaterial(new Set([2, 1])));
    expect(
      hashKeyMaterial(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toBe(
      hashKeyMaterial(
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    );
  });

  it('refuses what it cannot serialise with a clear error', () => {
    expect(() => hashKeyMaterial([1, { cb: () => 0 }])).toThrow(CacheKeyError);
    expect(() => hashKeyMaterial([1, { cb: () => 0 }])).toThrow('arguments[1].cb is a function');
    const cycle: Record<string, unknown> = {};
    cycle.me = cycle;
    expect(() => hashKeyMaterial([cycle])).toThrow('arguments[0].me is a circular reference');
    expect(() => hashKeyMaterial([Symbol('x')])).toThrow('arguments[0] is a symbol');
  });

  it('is short and URL-safe', () => {
    expect(hashKeyMaterial(['x'.repeat(10000)])).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });
});
