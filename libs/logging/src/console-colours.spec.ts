import { PassThrough } from 'node:stream';
import { loadConfig } from '@app/config';
import { closeWinstonLogger, createWinstonLogger } from './logger.factory';

/** Console colours follow the terminal: only on a TTY, and never with NO_COLOR set. */
describe('console colours', () => {
  const isTTY = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = isTTY;
  });

  async function consoleLine(env: Record<string, string>, tty: boolean): Promise<string> {
    process.stdout.isTTY = tty;
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const logger = createWinstonLogger(loadConfig({ NODE_ENV: 'development', ...env }), {
      console: stream,
      files: false,
    });
    logger.warn('disk almost full', { context: 'Disk' });
    closeWinstonLogger(logger);
    await new Promise((done) => setImmediate(done));
    return written;
  }

  it('colours on a terminal, not with NO_COLOR, not off a terminal', async () => {
    await expect(consoleLine({}, true)).resolves.toContain('\x1b[');
    const noColor = await consoleLine({ NO_COLOR: '1' }, true);
    expect(noColor).toContain('disk almost full');
    expect(noColor).not.toContain('\x1b[');
    await expect(consoleLine({}, false)).resolves.not.toContain('\x1b[');
  });
});
