/**
 * Builds Redis keys under the configured prefix. Keys that must meet in one multi-key command
 * (PFMERGE, SUNIONSTORE, MGET, Lua with several KEYS) share a hash tag so that Redis Cluster puts
 * them in one slot: `pulse:{active}:d:2026-11-22`.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  key(...parts: Array<string | number>): string {
    return this.prefix + parts.join(':');
  }

  /** A key in the slot of `tag`: every key built with the same tag lands on the same cluster node. */
  tagged(tag: string, ...parts: Array<string | number>): string {
    if (/[{}]/.test(tag)) throw new Error(`Redis hash tag must not contain braces: ${tag}`);
    return `${this.prefix}{${tag}}` + (parts.length > 0 ? `:${parts.join(':')}` : '');
  }

  /** A SCAN MATCH pattern for keys built by `key(...parts, '*')`, with glob characters escaped. */
  pattern(...parts: Array<string | number>): string {
    return this.key(...parts).replace(/[*?[\]\\]/g, '\\$&') + '*';
  }
}
