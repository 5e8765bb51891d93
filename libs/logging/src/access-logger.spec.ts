import { Writable } from 'node:stream';
import { loadConfig } from '@app/config';
import { AccessLogEntry, AccessLogger } from './access-logger';
import { createWinstonLogger, flushWinstonLogger } from './logger.factory';

function capture(env: Record<string, string>) {
  const lines: string[] = [];
  const console = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createWinstonLogger(loadConfig(env), { console, colors: false, files: false });
  return { logger, lines, access: new AccessLogger(logger) };
}

const withoutTimestamp = (line: string) => {
  const { timestamp, ...rest } = JSON.parse(line) as Record<string, unknown>;
  expect(Number.isNaN(Date.parse(String(timestamp)))).toBe(false);
  return rest;
};

describe('AccessLogger', () => {
  const entries: AccessLogEntry[] = [
    {
      requestId: 'req-42',
      method: 'GET',
      route: '/api/v1/incidents/:id',
      status: 200,
      durationMs: 1.234,
      ip: '10.0.0.7',
      userAgent: 'curl/8.5.0',
      apiKeyId: '2b1f5a1e-0000-4000-8000-000000000001',
    },
    {
      method: 'POST',
      route: 'UNMATCHED',
      status: 413,
      durationMs: 0.5,
      userAgent: 'probe Authorization: Bearer abcdefghijklmnop',
      userId: 'token=s3cr3tvalue',
    },
  ];

  it.each(entries)(
    'writes the line the generic format renders, field for field and in order (%#)',
    (entry) => {
      const { logger, lines, access } = capture({ NODE_ENV: 'production' });
      access.log(entry);
      logger.info(`${entry.method} ${entry.route} ${entry.status} ${entry.durationMs}ms`, {
        context: 'AccessLog',
        ...entry,
      });
      flushWinstonLogger(logger);
      expect(lines).toHaveLength(2);
      const [fast, generic] = lines.map(withoutTimestamp);
      expect(fast).toEqual(generic);
      expect(Object.keys(fast)).toEqual(Object.keys(generic));
    },
  );

  it('redacts secrets a caller can put in the fields it controls', () => {
    const { logger, lines, access } = capture({ NODE_ENV: 'production' });
    access.log(entries[1]);
    flushWinstonLogger(logger);
    expect(lines[0]).not.toContain('abcdefghijklmnop');
    expect(lines[0]).not.toContain('s3cr3tvalue');
    expect(lines[0]).toContain('[REDACTED]');
  });

  it('writes nothing when LOG_LEVEL is above info', () => {
    const { logger, lines, access } = capture({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    access.log(entries[0]);
    flushWinstonLogger(logger);
    expect(lines).toEqual([]);
  });

  it('goes through the console format in development', () => {
    const { logger, lines, access } = capture({ NODE_ENV: 'development' });
    access.log(entries[0]);
    flushWinstonLogger(logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO +\[AccessLog\] \(req-42\) GET \/api\/v1\/incidents\/:id 200 1\.234ms/);
    expect(lines[0]).toContain('"ip":"10.0.0.7"');
  });
});
