import { createHash } from 'node:crypto';

/** Thrown to the caller when the arguments of a cached method cannot be turned into a key. */
export class CacheKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheKeyError';
  }
}

/**
 * A stable hash of the key material: object properties are sorted (property order does not matter),
 * properties set to `undefined` are ignored, as are trailing `undefined` arguments (`f(1)` and
 * `f(1, undefined)` share a key). Class instances (e.g. validated DTOs) are keyed by their own
 * enumerable data. Functions, symbols and cycles are refused with a message naming the argument.
 */
export function hashKeyMaterial(material: unknown, label = 'arguments'): string {
  const canonical = canonicalize(material, label, new Set());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 27);
}

/** The default key material of a call: its arguments without trailing `undefined`s. */
export function argumentsMaterial(args: readonly unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

function canonicalize(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : `#num:${String(value)}`;
    case 'undefined':
      return '#undef';
    case 'bigint':
      return `#bigint:${value.toString()}`;
    case 'object':
      return value === null ? 'null' : canonicalObject(value, path, seen);
    case 'function':
    case 'symbol':
      throw new CacheKeyError(
        `cannot build a cache key: ${path} is a ${typeof value}; pass \`key\` to @Cached to choose what identifies a call`,
      );
  }
}

function canonicalObject(value: object, path: string, seen: Set<object>): string {
  if (seen.has(value)) {
    throw new CacheKeyError(
      `cannot build a cache key: ${path} is a circular reference; pass \`key\` to @Cached`,
    );
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${Array.from(value as unknown[], (item, i) => canonicalize(item, `${path}[${i}]`, seen)).join(',')}]`;
    }
    if (value instanceof Date)
      return `#date:${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()}`;
    if (value instanceof Map) {
      const entries = Array.from(value, ([k, v], i) => {
        return `${canonicalize(k, `${path}.key(${i})`, seen)}=>${canonicalize(v, `${path}.get(${i})`, seen)}`;
      });
      return `#map{${entries.sort().join(',')}}`;
    }
    if (value instanceof Set) {
      const items = Array.from(value, (item, i) => canonicalize(item, `${path}.item(${i})`, seen));
      return `#set[${items.sort().join(',')}]`;
    }
    if (Buffer.isBuffer(value)) return `#buf:${value.toString('base64')}`;
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${canonicalize((value as Record<string, unknown>)[key], `${path}.${key}`, seen)}`,
      );
    return `{${entries.join(',')}}`;
  } finally {
    seen.delete(value);
  }
}
