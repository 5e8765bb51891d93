import { Logger } from '@nestjs/common';
import { ThrottledLog, describeErrorChain } from './throttled-log';

describe('ThrottledLog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('logs the first error of a cause with its stack, then one line with the count per interval', () => {
    const logger = new Logger('test');
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const log = new ThrottledLog(logger, { intervalMs: 10_000 });
    const boom = new Error('read ECONNRESET');
    for (let i = 0; i < 500; i++) log.report('database connection-lost', 'POST /x: database down', boom);
    log.report('database timeout', 'GET /y: database timeout', boom);
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[0][0]).toEqual({ message: 'POST /x: database down', error: boom });
    jest.advanceTimersByTime(10_000);
    expect(error).toHaveBeenCalledTimes(3);
    expect(error.mock.calls[2][0]).toBe(
      'database connection-lost: 499 more in the last 10 s (first one logged above)',
    );
    log.report('database connection-lost', 'POST /x: database down', boom);
    expect(error).toHaveBeenCalledTimes(4); // a new interval starts with a full line again
  });
});

describe('describeErrorChain', () => {
  it('keeps every cause: "fetch failed" says why', () => {
    const error = new TypeError('fetch failed', { cause: new Error('bad port') });
    expect(describeErrorChain(error)).toBe('TypeError: fetch failed: bad port');
  });
});
