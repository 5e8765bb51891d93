import { CacheValueError, decodeCacheValue, encodeCacheValue } from './cache-codec';

const roundTrip = (value: unknown): unknown => decodeCacheValue(encodeCacheValue(value));

describe('cache value codec', () => {
  it.each([0, '', false, null, undefined, -0, NaN, Infinity, -Infinity, 12.5, 'text', true])(
    'round-trips the primitive %p exactly',
    (value) => {
      expect(Object.is(roundTrip(value), value)).toBe(true);
    },
  );

  it('round-trips Dates, Maps, Sets and bigints nested in objects and arrays', () => {
    const value = {
      at: new Date('2026-11-24T10:00:00.123Z'),
      list: [new Date(0), { nested: new Date('2020-01-01T00:00:00Z') }, undefined, 1n],
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Date(5)],
      ]),
      set: new Set(['x', 'y']),
      empty: {},
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.list[1]).toEqual({ nested: new Date('2020-01-01T00:00:00Z') });
  });

  it('round-trips an invalid Date as an invalid Date', () => {
    const back = roundTrip(new Date(NaN));
    expect(back).toBeInstanceOf(Date);
    expect(Number.isNaN((back as Date).getTime())).toBe(true);
  });

  it('keeps properties set to undefined and array holes as undefined', () => {
    const back = roundTrip({ a: undefined, b: 1 }) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['a', 'b']);
    expect(roundTrip([1, , 3])).toEqual([1, undefined, 3]); // eslint-disable-line no-sparse-arrays
  });

  it('never mistakes user data for a tag', () => {
    const value = { $date: '2026-01-01T00:00:00Z' };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(roundTrip({ $obj: { $undef: 1 }, other: 2 })).toStrictEqual({ $obj: { $undef: 1 }, other: 2 });
    expect(roundTrip([{ $set: [1] }])).toStrictEqual([{ $set: [1] }]);
  });

  it('refuses class instances, functions and cycles, naming the path', () => {
    class Report {
      total = 1;
    }
    expect(() => encodeCacheValue({ rows: [new Report()] })).toThrow(
      new CacheValueError(
        'result.rows[0] is an instance of Report; only plain objects, arrays, Date, Map, Set and primitives can be cached',
      ),
    );
    expect(() => encodeCacheValue({ f: () => 1 })).toThrow('result.f is a function');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeCacheValue(cycle)).toThrow('result.self is a circular reference');
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(roundTrip([shared, shared])).toEqual([{ a: 1 }, { a: 1 }]);
  });
});

describe('cache value codec, hostile input', () => {
  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect((back as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
  });
});
