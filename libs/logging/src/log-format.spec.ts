import { Writable } from 'node:stream';
import { loadConfig } from '@app/config';
import { AppLogger } from './app-logger';
import { createWinstonLogger, flushWinstonLogger } from './logger.factory';
import { RequestContext } from './request-context';

/** A logger whose console output is captured, one entry per call (flushed after each). */
function loggerFor(env: Record<string, string>) {
  const lines: string[] = [];
  const console = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString().replace(/\n$/, ''));
      done();
    },
  });
  const logger = createWinstonLogger(loadConfig(env), { console, colors: false, files: false });
  const flushed = new Proxy(logger, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        flushWinstonLogger(target);
        return result;
      };
    },
  });
  return { logger: flushed, lines };
}

describe('log format', () => {
  it('production: one JSON object per line, fixed fields first, error as fields', () => {
    const { logger, lines } = loggerFor({ NODE_ENV: 'production' });
    RequestContext.run({ requestId: 'req-1' }, () => {
      logger.error('it broke', { context: 'Spec', error: new RangeError('out of range'), extra: 1 });
    });
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual([
      'timestamp',
      'level',
      'message',
      'service',
      'environment',
      'requestId',
      'context',
      'extra',
      'error',
    ]);
    expect(entry).toMatchObject({
      level: 'error',
      message: 'it broke',
      service: 'pulse',
      environment: 'production',
      requestId: 'req-1',
      error: { name: 'RangeError', message: 'out of range', stack: expect.stringContaining('RangeError') },
    });
  });

  it("turns Nest's (message, stack) into error fields, never a concatenated message", () => {
    const { logger, lines } = loggerFor({ NODE_ENV: 'production' });
    const stack = new Error('db down').stack!;
    logger.error('query failed', { context: 'Spec', stack: [stack] });
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry.message).toBe('query failed');
    expect(entry.stack).toBeUndefined();
    expect(entry.error).toEqual({ message: 'db down', stack });
  });

  it('development: readable lines with the stack below', () => {
    const { logger, lines } = loggerFor({ NODE_ENV: 'development' });
    logger.warn('careful', { context: 'Spec', requestId: 'r-2', count: 3 });
    logger.error('failed', { error: new Error('boom') });
    expect(lines[0]).toMatch(/^\S+Z WARN {2}\[Spec\] \(r-2\) careful \{"count":3\}$/);
    expect(lines[1].split('\n')[0]).toMatch(/ERROR failed$/);
    expect(lines[1].split('\n')[1]).toBe('Error: boom');
  });

  it("maps Nest's verbose onto trace and fatal onto error", () => {
    const { logger, lines } = loggerFor({
      NODE_ENV: 'production',
      LOG_LEVEL: 'trace',
      LOG_FORCE_VERBOSE: 'true',
    });
    const nest = new AppLogger(logger);
    nest.verbose('details', 'Spec');
    nest.fatal('fatal thing', undefined, 'Spec');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { level: 'trace', message: 'details', context: 'Spec' },
      { level: 'error', message: 'fatal thing', context: 'Spec' },
    ]);
  });

  it('honours LOG_LEVEL, including trace', () => {
    const info = loggerFor({ LOG_LEVEL: 'info' });
    info.logger.debug('hidden');
    info.logger.info('shown');
    expect(info.lines).toHaveLength(1);
    const trace = loggerFor({ LOG_LEVEL: 'trace' });
    trace.logger.log('trace', 'very detailed');
    expect(trace.lines).toHaveLength(1);
  });
});
