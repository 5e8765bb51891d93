/**
 * PFADD / PFCOUNT / PFMERGE emulated exactly (ioredis-mock has none of them).
 *
 * The key holds a small marker string in the mock, so EXISTS, DEL, EXPIRE, TTL, RENAME, SCAN and
 * TYPE (`string`, as for a real HLL) behave as on Redis; the members live here, in a Set found
 * through the id inside the marker. Members are not stored as a mock set because the mock copies a
 * whole set on every SADD, which makes PFADD O(cardinality). Counts are exact (real HLL: ~0.8%).
 */
import type { MockArg, MockClient } from './command-executor';
import { ReplyError } from './resp-encoder';

const MARKER = '\u0000pulse-embedded-hll:';

export class HyperLogLogEmulation {
  private readonly sets = new Map<string, Set<string>>();
  private nextId = 1;

  /** PFADD: 1 if the (emulated) cardinality changed or the key was created, else 0. */
  async add(mock: MockClient, key: MockArg, elements: MockArg[]): Promise<number> {
    let set = await this.lookup(mock, key);
    let changed = 0;
    if (!set) {
      set = await this.create(mock, key);
      changed = 1;
    }
    for (const el of elements) {
      const member = memberOf(el);
      if (!set.has(member)) {
        set.add(member);
        changed = 1;
      }
    }
    return changed;
  }

  /** PFCOUNT: cardinality of the union of all given keys. */
  async count(mock: MockClient, keys: MockArg[]): Promise<number> {
    const sets: Set<string>[] = [];
    for (const key of keys) {
      const set = await this.lookup(mock, key);
      if (set) sets.push(set);
    }
    if (sets.length <= 1) return sets[0]?.size ?? 0;
    const union = new Set<string>();
    for (const set of sets) for (const member of set) union.add(member);
    return union.size;
  }

  /** PFMERGE: adds every source into dest (created if missing; its TTL is kept, as on Redis). */
  async merge(mock: MockClient, dest: MockArg, sources: MockArg[]): Promise<void> {
    const sourceSets: Set<string>[] = [];
    for (const key of sources) {
      const set = await this.lookup(mock, key);
      if (set) sourceSets.push(set);
    }
    const target = (await this.lookup(mock, dest)) ?? (await this.create(mock, dest));
    for (const set of sourceSets) for (const member of set) target.add(member);
  }

  /** Drops member sets whose key was deleted, overwritten or expired. */
  async sweep(mocks: Iterable<MockClient>): Promise<void> {
    if (this.sets.size === 0) return;
    const live = new Set<string>();
    for (const mock of mocks) {
      for (const key of await mock.keys('*')) {
        const id = markerId(await mock.get(key).catch(() => null));
        if (id !== null) live.add(id);
      }
    }
    for (const id of this.sets.keys()) if (!live.has(id)) this.sets.delete(id);
  }

  clear(): void {
    this.sets.clear();
  }

  private async lookup(mock: MockClient, key: MockArg): Promise<Set<string> | null> {
    const type = await mock.type(key);
    if (type === 'none') return null;
    const id = type === 'string' ? markerId(await mock.get(key)) : null;
    if (id === null) throw new ReplyError('WRONGTYPE Key is not a valid HyperLogLog string value.');
    let set = this.sets.get(id);
    if (!set) {
      // Marker outlived its members (FLUSHALL raced a sweep): treat it as an empty HLL.
      set = new Set();
      this.sets.set(id, set);
    }
    return set;
  }

  private async create(mock: MockClient, key: MockArg): Promise<Set<string>> {
    const id = String(this.nextId++);
    const set = new Set<string>();
    this.sets.set(id, set);
    await mock.set(key, `${MARKER}${id}`);
    return set;
  }
}

function markerId(value: string | null): string | null {
  return value !== null && value.startsWith(MARKER) ? value.slice(MARKER.length) : null;
}

/** Binary elements get a prefix no valid UTF-8 argument carries in practice. */
function memberOf(el: MockArg): string {
  return typeof el === 'string' ? el : `\u0000b:${el.toString('base64')}`;
}
