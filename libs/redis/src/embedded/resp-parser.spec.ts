import { parseCommands, splitInline } from './resp-parser';

const args = (cmds: Buffer[][]): string[][] => cmds.map((c) => c.map((b) => b.toString()));

describe('RESP request parser', () => {
  const wire = Buffer.from(
    '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\nv\r\nv\r\nPING\r\n',
  );

  it('parses pipelined multibulk and inline commands', () => {
    const result = parseCommands(wire);
    expect(args(result.commands)).toEqual([['GET', 'k'], ['SET', 'k', 'v\r\nv'], ['PING']]);
    expect(result.consumed).toBe(wire.length);
  });

  it('yields the same commands whatever the chunking', () => {
    for (const size of [1, 2, 5, 7]) {
      let pending = Buffer.alloc(0);
      const seen: Buffer[][] = [];
      for (let i = 0; i < wire.length; i += size) {
        pending = Buffer.concat([pending, wire.subarray(i, i + size)]);
        const result = parseCommands(pending);
        seen.push(...result.commands);
        pending = pending.subarray(result.consumed);
      }
      expect(args(seen)).toEqual([['GET', 'k'], ['SET', 'k', 'v\r\nv'], ['PING']]);
    }
  });

  it('reports how many bytes a large bulk string needs', () => {
    const head = Buffer.from('*2\r\n$4\r\nECHO\r\n$1000\r\nabc');
    const result = parseCommands(head);
    expect(result.commands).toEqual([]);
    expect(result.needed).toBe(head.length - 3 + 1000 + 2);
  });

  it('keeps commands before a protocol error and reports it', () => {
    const result = parseCommands(Buffer.from('PING\r\n*1\r\n$x\r\n'));
    expect(args(result.commands)).toEqual([['PING']]);
    expect(result.error).toMatch(/invalid bulk length/);
    expect(parseCommands(Buffer.from('*1\r\n$3\r\nGETxx')).error).toMatch(/CRLF/);
    expect(parseCommands(Buffer.from('*1\r\n:3\r\n')).error).toMatch(/expected '\$'/);
    expect(parseCommands(Buffer.from('*99999999999\r\n')).error).toMatch(/multibulk/);
  });

  it('splits inline commands with quotes like Redis', () => {
    expect(splitInline(`SET k "a b\\n" 'c d'`)).toEqual(['SET', 'k', 'a b\n', 'c d']);
    expect(() => splitInline('SET "open')).toThrow(/unbalanced/);
  });
});
