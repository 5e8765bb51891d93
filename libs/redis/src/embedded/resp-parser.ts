/**
 * Incremental RESP2 request parser: multibulk arrays (what every client library sends) and inline
 * commands (what `redis-cli`/telnet users type). Tolerates pipelining and arbitrary TCP chunking.
 */

/** Limits mirror Redis defaults so a hostile or broken client cannot make us allocate without bound. */
const MAX_BULK_LENGTH = 512 * 1024 * 1024;
const MAX_MULTIBULK_LENGTH = 1024 * 1024;
const MAX_INLINE_LENGTH = 64 * 1024;

const CR = 13;
const LF = 10;

export class RespProtocolError extends Error {}

export interface ParseResult {
  /** Complete commands, each a list of raw arguments (command name first). */
  commands: Buffer[][];
  /** Bytes consumed from the input. */
  consumed: number;
  /** Total input length needed before the pending command can complete (0 if unknown). */
  needed: number;
  /** Set when the stream is malformed; `commands` still holds what preceded the bad bytes. */
  error?: string;
}

/** Parses as many complete commands as `buf` holds; the rest stays for the next call. */
export function parseCommands(buf: Buffer): ParseResult {
  const commands: Buffer[][] = [];
  let pos = 0;
  while (pos < buf.length) {
    let step: Step;
    try {
      step = buf[pos] === 0x2a /* '*' */ ? parseMultibulk(buf, pos) : parseInline(buf, pos);
    } catch (err) {
      if (!(err instanceof RespProtocolError)) throw err;
      return { commands, consumed: pos, needed: 0, error: err.message };
    }
    if (step.kind === 'incomplete') return { commands, consumed: pos, needed: step.needed };
    pos = step.next;
    if (step.args.length > 0) commands.push(step.args);
  }
  return { commands, consumed: pos, needed: 0 };
}

type Step = { kind: 'done'; args: Buffer[]; next: number } | { kind: 'incomplete'; needed: number };

const INCOMPLETE: Step = { kind: 'incomplete', needed: 0 };

/** Reads a CRLF-terminated integer line starting at `pos` (after the type byte). */
function readIntLine(buf: Buffer, pos: number, what: string): { value: number; next: number } | null {
  const cr = buf.indexOf(CR, pos);
  if (cr < 0 || cr + 1 >= buf.length) {
    if (buf.length - pos > 32) throw new RespProtocolError(`invalid ${what} length`);
    return null;
  }
  if (buf[cr + 1] !== LF) throw new RespProtocolError(`invalid ${what} length`);
  const text = buf.toString('latin1', pos, cr);
  if (!/^-?\d{1,19}$/.test(text)) throw new RespProtocolError(`invalid ${what} length`);
  return { value: Number(text), next: cr + 2 };
}

function parseMultibulk(buf: Buffer, start: number): Step {
  const header = readIntLine(buf, start + 1, 'multibulk');
  if (!header) return INCOMPLETE;
  if (header.value > MAX_MULTIBULK_LENGTH) throw new RespProtocolError('invalid multibulk length');
  // Redis ignores `*0` and `*-1` requests.
  if (header.value <= 0) return { kind: 'done', args: [], next: header.next };

  const args: Buffer[] = [];
  let pos = header.next;
  for (let i = 0; i < header.value; i++) {
    if (pos >= buf.length) return INCOMPLETE;
    if (buf[pos] !== 0x24 /* '$' */) {
      throw new RespProtocolError(`expected '$', got '${String.fromCharCode(buf[pos])}'`);
    }
    const len = readIntLine(buf, pos + 1, 'bulk');
    if (!len) return INCOMPLETE;
    if (len.value < 0 || len.value > MAX_BULK_LENGTH) throw new RespProtocolError('invalid bulk length');
    const end = len.next + len.value;
    // Tell the caller how much to buffer so a 1 MB value is not re-parsed on every 64 KB chunk.
    if (end + 2 > buf.length) return { kind: 'incomplete', needed: end + 2 - start };
    if (buf[end] !== CR || buf[end + 1] !== LF)
      throw new RespProtocolError('bulk string not terminated by CRLF');
    args.push(buf.subarray(len.next, end));
    pos = end + 2;
  }
  return { kind: 'done', args, next: pos };
}

function parseInline(buf: Buffer, start: number): Step {
  const lf = buf.indexOf(LF, start);
  if (lf < 0) {
    if (buf.length - start > MAX_INLINE_LENGTH) throw new RespProtocolError('too big inline request');
    return INCOMPLETE;
  }
  const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
  const line = buf.toString('utf8', start, end);
  return { kind: 'done', args: splitInline(line).map((s) => Buffer.from(s, 'utf8')), next: lf + 1 };
}

/** Splits an inline command like Redis does: whitespace-separated, with "double" and 'single' quotes. */
export function splitInline(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let token = '';
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : '';
    if (quote) {
      i++;
      for (;;) {
        if (i >= line.length) throw new RespProtocolError('unbalanced quotes in request');
        const ch = line[i];
        if (ch === quote) {
          i++;
          break;
        }
        if (ch === '\\' && quote === '"' && i + 1 < line.length) {
          const esc = line[i + 1];
          token += esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : esc;
          i += 2;
          continue;
        }
        token += ch;
        i++;
      }
      if (i < line.length && !/\s/.test(line[i])) throw new RespProtocolError('unbalanced quotes in request');
    } else {
      while (i < line.length && !/\s/.test(line[i])) token += line[i++];
    }
    out.push(token);
  }
  return out;
}
