/**
 * Which Redis commands go straight to ioredis-mock. An explicit allowlist, because the mock object
 * also carries client methods (connect, duplicate, emit...) that a TCP peer must never reach.
 */

const NAMES = `
get set setnx setex psetex mget mset msetnx getset getdel getex getrange setrange append strlen
incr incrby incrbyfloat decr decrby
del unlink exists expire pexpire expireat pexpireat expiretime pexpiretime ttl pttl persist keys scan
type rename renamenx randomkey
hset hsetnx hget hmget hmset hgetall hdel hexists hincrby hincrbyfloat hkeys hvals hlen hstrlen hscan
hrandfield
lpush rpush lpushx rpushx lpop rpop llen lrange lindex lset lrem ltrim linsert lpos lmove rpoplpush
sadd srem scard smembers sismember smismember srandmember spop smove sunion sunionstore sinter
sinterstore sdiff sdiffstore sscan
zadd zrem zcard zcount zscore zmscore zincrby zrank zrevrank zrange zrevrange zrangebyscore
zrevrangebyscore zrangebylex zrevrangebylex zremrangebyscore zremrangebyrank zpopmin zpopmax zscan
zinterstore
time dbsize lastsave
`;

export const MOCK_COMMANDS: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));

/**
 * Commands whose replies carry stored values: called through the mock's `<name>Buffer` variant so
 * binary values come back byte-exact (the plain variant decodes them as UTF-8).
 */
// prettier-ignore
export const BUFFER_REPLY_COMMANDS: ReadonlySet<string> = new Set([
  'get', 'getdel', 'getex', 'getset', 'getrange', 'mget',
  'hget', 'hmget', 'hgetall', 'hvals',
  'lindex', 'lpop', 'rpop', 'lrange', 'lmove', 'rpoplpush',
  'smembers', 'srandmember', 'spop', 'sunion', 'sinter', 'sdiff',
]);

/** Minimum argument counts (after the command name); the mock itself does not check arity. */
// prettier-ignore
const MIN_ARGS: Record<string, number> = {
  set: 2, setnx: 2, setex: 3, psetex: 3, getset: 2, append: 2, setrange: 3, getrange: 3,
  incrby: 2, decrby: 2, incrbyfloat: 2, mset: 2, msetnx: 2,
  expire: 2, pexpire: 2, expireat: 2, pexpireat: 2, rename: 2, renamenx: 2,
  hset: 3, hsetnx: 3, hget: 2, hmget: 2, hmset: 3, hdel: 2, hexists: 2, hincrby: 3, hincrbyfloat: 3,
  hstrlen: 2, hscan: 2,
  lpush: 2, rpush: 2, lpushx: 2, rpushx: 2, lrange: 3, lindex: 2, lset: 3, lrem: 3, ltrim: 3,
  linsert: 4, lpos: 2, lmove: 4, rpoplpush: 2,
  sadd: 2, srem: 2, sismember: 2, smismember: 2, smove: 3, sunionstore: 2, sinterstore: 2,
  sdiffstore: 2, sscan: 2,
  zadd: 3, zrem: 2, zcount: 3, zscore: 2, zmscore: 2, zincrby: 3, zrank: 2, zrevrank: 2, zrange: 3,
  zrevrange: 3, zrangebyscore: 3, zrevrangebyscore: 3, zrangebylex: 3, zrevrangebylex: 3,
  zremrangebyscore: 3, zremrangebyrank: 3, zscan: 2, zinterstore: 3,
};

const NO_ARGS = new Set(['time', 'dbsize', 'lastsave', 'randomkey']);

export function hasValidArity(name: string, argCount: number): boolean {
  if (NO_ARGS.has(name)) return argCount === 0;
  return argCount >= (MIN_ARGS[name] ?? 1);
}
