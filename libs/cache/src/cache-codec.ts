/**
 * Tagged JSON for cached values, so that what a cache hit returns equals what the method returned:
 * falsy values, `undefined`, `Date`, `Map`, `Set`, `bigint`, `NaN`, `±Infinity` and `-0` round-trip.
 * Tags are one-key objects whose key starts with `$`; a plain object that has a `$` key of its own is
 * wrapped in `{ $obj: ... }` so it can never be mistaken for a tag.
 * Class instances are refused (their prototype cannot come back): such a result is returned uncached.
 */
export class CacheValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheValueError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encodeCacheValue(value: unknown): string {
  return JSON.stringify(toJson(value, 'result', new Set()));
}

export function decodeCacheValue(payload: string): unknown {
  return fromJson(JSON.parse(payload) as Json);
}

function toJson(value: unknown, path: string, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
        ? value
        : { $num: Object.is(value, -0) ? '-0' : String(value) };
    case 'undefined':
      return { $undef: 1 };
    case 'bigint':
      return { $bigint: value.toString() };
    case 'object':
      return value === null ? null : objectToJson(value, path, seen);
    case 'function':
    case 'symbol':
      throw new CacheValueError(`${path} is a ${typeof value}, which cannot be cached`);
  }
}

function objectToJson(value: object, path: string, seen: Set<object>): Json {
  if (seen.has(value)) throw new CacheValueError(`${path} is a circular reference, which cannot be cached`);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      // Array.from turns holes into undefined, which round-trips as undefined.
      return Array.from(value as unknown[], (item, i) => toJson(item, `${path}[${i}]`, seen));
    }
    // Epoch milliseconds: new Date(number) is far cheaper on a hit than parsing an ISO string.
    if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? null : value.getTime() };
    if (value instanceof Map) {
      return {
        $map: Array.from(value, ([k, v], i) => [
          toJson(k, `${path}.key(${i})`, seen),
          toJson(v, `${path}.get(${i})`, seen),
        ]),
      };
    }
    if (value instanceof Set)
      return { $set: Array.from(value, (item, i) => toJson(item, `${path}.item(${i})`, seen)) };
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
      throw new CacheValueError(
        `${path} is an instance of ${name}; only plain objects, arrays, Date, Map, Set and primitives can be cached`,
      );
    }
    // No prototype: a "__proto__" key stays a key instead of replacing the prototype.
    const out = Object.create(null) as { [key: string]: Json };
    let escaped = false;
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$')) escaped = true;
      out[key] = toJson(item, `${path}.${key}`, seen);
    }
    return escaped ? { $obj: out } : out;
  } finally {
    seen.delete(value);
  }
}

// Revives in place: JSON.parse gave us fresh objects, so only tags allocate (hits stay cheap).
function fromJson(node: Json): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (item !== null && typeof item === 'object') node[i] = fromJson(item) as Json;
    }
    return node;
  }
  let tag: string | undefined;
  let keys = 0;
  for (const key in node) {
    if (keys++ > 0) break;
    tag = key;
  }
  if (keys === 1 && tag!.charCodeAt(0) === 36 /* $ */) return fromTag(tag!, node[tag!]);
  return reviveObject(node);
}

function fromTag(tag: string, inner: Json): unknown {
  switch (tag) {
    case '$undef':
      return undefined;
    case '$num':
      return Number(inner);
    case '$bigint':
      return BigInt(inner as string);
    case '$date':
      return new Date(inner === null ? NaN : (inner as number));
    case '$map':
      return new Map((inner as Json[][]).map(([k, v]) => [fromJson(k), fromJson(v)]));
    case '$set':
      return new Set((inner as Json[]).map(fromJson));
    case '$obj':
      return reviveObject(inner as { [key: string]: Json });
    default:
      throw new CacheValueError(`unknown cache value tag ${tag}`);
  }
}

function reviveObject(node: { [key: string]: Json }): Record<string, unknown> {
  // Assigning an own "__proto__" data property (JSON.parse creates it as such) sets that property, not the prototype.
  for (const key in node) {
    const item = node[key];
    if (item !== null && typeof item === 'object') node[key] = fromJson(item) as Json;
  }
  return node;
}
