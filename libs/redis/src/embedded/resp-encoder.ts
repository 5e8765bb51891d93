/** RESP2 reply encoding of the JavaScript values ioredis-mock returns. */

const CRLF = '\r\n';

/** A reply that must go out as a simple string (`+OK`) rather than a bulk string. */
export class SimpleString {
  constructor(readonly value: string) {}
}

/** An error reply; `message` starts with the error code (`ERR`, `WRONGTYPE`, `NOSCRIPT`...). */
export class ReplyError extends Error {
  constructor(message: string) {
    // A CR or LF inside an error line would desynchronise the client's parser.
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'ReplyError';
  }
}

export const OK = new SimpleString('OK');
export const QUEUED = new SimpleString('QUEUED');
export const NULL_BULK = Buffer.from(`$-1${CRLF}`);

/** Status words that real Redis sends as simple strings; ioredis reads both forms the same way. */
const STATUS_WORDS = new Set(['OK', 'PONG']);

export interface EncodeOptions {
  /** Lua semantics: numbers are truncated to integers, as Redis does with EVAL replies. */
  lua?: boolean;
}

/** Turns any thrown value into a RESP error with a code prefix. */
export function toReplyError(err: unknown): ReplyError {
  if (err instanceof ReplyError) return err;
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error';
  return new ReplyError(/^[A-Z][A-Z_-]+ /.test(message) ? message : `ERR ${message}`);
}

export function encodeReply(value: unknown, options: EncodeOptions = {}, top = true): Buffer {
  const parts: Buffer[] = [];
  encodeInto(value, parts, options, top);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

function encodeInto(value: unknown, out: Buffer[], options: EncodeOptions, top: boolean): void {
  // typeof first: fengari Lua proxies are functions whose toString() throws.
  switch (typeof value) {
    case 'undefined':
      out.push(NULL_BULK);
      return;
    case 'boolean':
      // Lua true -> 1, false -> nil (Redis conversion rules).
      out.push(value ? Buffer.from(`:1${CRLF}`) : NULL_BULK);
      return;
    case 'bigint':
      out.push(Buffer.from(`:${value.toString()}${CRLF}`));
      return;
    case 'number':
      encodeNumber(value, out, options);
      return;
    case 'string':
      if (top && STATUS_WORDS.has(value)) out.push(Buffer.from(`+${value}${CRLF}`));
      else pushBulk(Buffer.from(value, 'utf8'), out);
      return;
    case 'object':
      break;
    case 'function':
    case 'symbol':
      out.push(Buffer.from(`-ERR embedded Redis cannot encode a ${typeof value} reply${CRLF}`));
      return;
  }
  if (value === null) {
    out.push(NULL_BULK);
  } else if (Buffer.isBuffer(value)) {
    pushBulk(value, out);
  } else if (value instanceof SimpleString) {
    out.push(Buffer.from(`+${value.value.replace(/[\r\n]+/g, ' ')}${CRLF}`));
  } else if (value instanceof ReplyError) {
    out.push(Buffer.from(`-${value.message}${CRLF}`));
  } else if (value instanceof Error) {
    out.push(Buffer.from(`-${toReplyError(value).message}${CRLF}`));
  } else if (Array.isArray(value)) {
    out.push(Buffer.from(`*${value.length}${CRLF}`));
    for (const item of value as unknown[]) encodeInto(item, out, options, false);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    // HGETALL and friends come back as plain objects: flatten to [field, value, ...].
    const entries = Object.entries(value as Record<string, unknown>);
    out.push(Buffer.from(`*${entries.length * 2}${CRLF}`));
    for (const [k, v] of entries) {
      pushBulk(Buffer.from(k, 'utf8'), out);
      encodeInto(v, out, options, false);
    }
  } else {
    out.push(Buffer.from(`-ERR embedded Redis cannot encode this reply${CRLF}`));
  }
}

function encodeNumber(value: number, out: Buffer[], options: EncodeOptions): void {
  if (Number.isNaN(value)) {
    // ioredis-mock answers INCR on a non-integer with NaN where Redis errors.
    out.push(Buffer.from(`-ERR value is not an integer or out of range${CRLF}`));
  } else if (Number.isInteger(value)) {
    out.push(Buffer.from(`:${value}${CRLF}`));
  } else if (options.lua && Number.isFinite(value)) {
    out.push(Buffer.from(`:${Math.trunc(value)}${CRLF}`));
  } else {
    const text = value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
    pushBulk(Buffer.from(text, 'latin1'), out);
  }
}

function pushBulk(data: Buffer, out: Buffer[]): void {
  out.push(Buffer.from(`$${data.length}${CRLF}`), data, Buffer.from(CRLF));
}
