/** A Redis command that got no answer in time (a hung server sends no error: only a timer notices). */
export class RedisTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`Redis did not answer within ${ms} ms`);
  }
}

/**
 * `command`'s result, or a RedisTimeoutError after `ms`. The command itself is not cancelled; callers
 * that fail open use this so that a hung Redis never holds a request.
 */
export function withRedisTimeout<T>(command: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms);
    command.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
