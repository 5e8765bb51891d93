import { Logger } from '@nestjs/common';

interface Window {
  count: number;
  timer: NodeJS.Timeout;
}

export interface ThrottledLogOptions {
  /** One line per cause per interval. */
  intervalMs?: number;
  level?: 'error' | 'warn';
}

/**
 * One line per cause per interval, for failures that repeat on every request during an outage: the
 * first occurrence is logged at once with its stack, the rest are counted and logged as one line with
 * the count when the interval ends (nothing when none repeated). A reader at 3 a.m. gets one line per
 * cause, not one per request.
 */
export class ThrottledLog {
  private readonly windows = new Map<string, Window>();
  private readonly intervalMs: number;
  private readonly level: 'error' | 'warn';

  constructor(
    private readonly logger: Logger,
    options: ThrottledLogOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.level = options.level ?? 'error';
  }

  report(cause: string, message: string, error?: unknown): void {
    const open = this.windows.get(cause);
    if (open) {
      open.count++;
      return;
    }
    this.write(error === undefined ? message : { message, error });
    const timer = setTimeout(() => this.close(cause), this.intervalMs);
    timer.unref();
    this.windows.set(cause, { count: 0, timer });
  }

  /** Logs the pending counts now (shutdown, tests). */
  flush(): void {
    for (const cause of [...this.windows.keys()]) this.close(cause);
  }

  private close(cause: string): void {
    const window = this.windows.get(cause);
    if (!window) return;
    clearTimeout(window.timer);
    this.windows.delete(cause);
    if (window.count > 0) {
      const seconds = Math.round(this.intervalMs / 1000);
      this.write(`${cause}: ${window.count} more in the last ${seconds} s (first one logged above)`);
    }
  }

  private write(entry: string | { message: string; error: unknown }): void {
    if (this.level === 'error') this.logger.error(entry);
    else this.logger.warn(entry);
  }
}

/**
 * `name: message` followed by each `cause` in the chain, so that "TypeError: fetch failed" keeps why
 * (": connect ECONNREFUSED 127.0.0.1:9", ": bad port").
 */
export function describeErrorChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    // Duck-typed, not instanceof: errors from another realm (undici's, under a test VM) are Errors too.
    const candidate = current as { name?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.message === 'string') {
      const name = typeof candidate.name === 'string' ? candidate.name : 'Error';
      parts.push(depth === 0 ? `${name}: ${candidate.message}` : candidate.message);
      current = candidate.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join(': ');
}
