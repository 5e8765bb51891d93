import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DailyFileTransport } from './batched-line.transport';
import { MESSAGE } from './log-format';

const line = (text: string, level = 'info') => ({ level, message: text, [MESSAGE]: text });

async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 3 s');
    await new Promise((done) => setTimeout(done, 20));
  }
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('DailyFileTransport', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-daily-file-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes lines in batches to the UTC day file, behind a <name>.log symlink', async () => {
    let now = Date.parse('2026-03-01T23:59:59.000Z');
    const transport = new DailyFileTransport({ dir, name: 'combined', retentionDays: 30, now: () => now });
    transport.log(line('one'), () => undefined);
    transport.log(line('two'), () => undefined);
    expect(read(join(dir, 'combined-2026-03-01.log'))).toBe(''); // still pending: one write per batch
    transport.flush();
    await eventually(() => read(join(dir, 'combined.log')) === 'one\ntwo\n');
    expect(readlinkSync(join(dir, 'combined.log'))).toBe('combined-2026-03-01.log');

    now = Date.parse('2026-03-02T00:00:00.500Z');
    transport.log(line('three', 'error'), () => undefined); // errors are written at once
    await eventually(() => read(join(dir, 'combined-2026-03-02.log')) === 'three\n');
    expect(readlinkSync(join(dir, 'combined.log'))).toBe('combined-2026-03-02.log');
    expect(read(join(dir, 'combined-2026-03-01.log'))).toBe('one\ntwo\n');
    transport.close();
  });

  it('deletes the files past the retention when a day starts', async () => {
    for (const date of ['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']) {
      writeFileSync(join(dir, `error-${date}.log`), 'old\n');
    }
    writeFileSync(join(dir, 'combined-2026-01-01.log'), 'another class\n');
    const transport = new DailyFileTransport({
      dir,
      name: 'error',
      retentionDays: 3,
      now: () => Date.parse('2026-03-02T08:00:00Z'),
    });
    await eventually(() => existsSync(join(dir, 'error-2026-03-02.log')));
    expect(readdirSync(dir).sort()).toEqual([
      'combined-2026-01-01.log',
      'error-2026-02-28.log',
      'error-2026-03-01.log',
      'error-2026-03-02.log',
      'error.log',
    ]);
    transport.close();
  });

  it('writes the pending lines when the process exits', () => {
    const source = join(__dirname, 'batched-line.transport.ts');
    const script = `
      const { DailyFileTransport } = require(${JSON.stringify(source)});
      const t = new DailyFileTransport({ dir: ${JSON.stringify(dir)}, name: 'combined', retentionDays: 1 });
      t.log({ level: 'info', [Symbol.for('message')]: 'last words' }, () => {});
      process.exit(3);
    `;
    const register = resolve(__dirname, '../../../bench/register.js');
    expect(() => execFileSync(process.execPath, ['-r', register, '-e', script], { stdio: 'pipe' })).toThrow();
    expect(read(join(dir, 'combined.log'))).toBe('last words\n');
  });
});
