import TransportStream from 'winston-transport';
import { MESSAGE } from './log-format';

export interface CollectorTransportOptions {
  url: string;
  level?: string;
  /** Lines per POST. */
  batchSize?: number;
  /** How long a line may wait for a full batch. */
  flushIntervalMs?: number;
  /** Lines kept while the collector is slow or down; beyond that new lines are dropped. */
  maxQueue?: number;
  timeoutMs?: number;
  /** Told about failures (at most once per reportIntervalMs); never throws into the app. */
  onFailure?: (message: string) => void;
  reportIntervalMs?: number;
}

/**
 * Ships log lines (the same redacted JSON as the files) to LOG_COLLECTOR_URL as NDJSON batches.
 * Best effort by design: a bounded queue, one request at a time with a timeout, failed batches dropped
 * and counted, timers unref'd. A collector that is down, slow or answering errors costs the app
 * nothing but the lines (the files still have them).
 */
export class CollectorTransport extends TransportStream {
  private readonly queue: string[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private stopped = false;
  private lastReportAt = 0;
  dropped = 0;

  constructor(private readonly options: CollectorTransportOptions) {
    super({ level: options.level });
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    const line = info[MESSAGE];
    if (typeof line === 'string' && !this.stopped) {
      if (this.queue.length < (this.options.maxQueue ?? 10_000)) this.queue.push(line);
      else this.drop(1, 'queue full');
    }
    if (this.queue.length >= (this.options.batchSize ?? 200)) void this.flush();
    else this.schedule();
    this.emit('logged', info);
    callback();
  }

  /**
   * Sends what is queued, one batch at a time. Resolves once the queue is empty (lines logged
   * meanwhile included) or a batch failed; callers during a flush share it.
   */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      this.schedule();
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    this.clearTimer();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize ?? 200);
      if (!(await this.send(batch))) return;
    }
  }

  override close(): void {
    this.stopped = true;
    this.clearTimer();
    void this.flush();
  }

  private async send(batch: string[]): Promise<boolean> {
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: `${batch.join('\n')}\n`,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000),
      });
      await response.body?.cancel();
      if (response.ok) return true;
      this.drop(batch.length, `HTTP ${response.status}`);
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: unknown } }).cause?.code;
      this.drop(batch.length, typeof cause === 'string' ? cause : (error as Error).message);
    }
    return false;
  }

  private schedule(): void {
    if (this.timer || this.flushing || this.stopped || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drop(count: number, reason: string): void {
    this.dropped += count;
    const now = Date.now();
    if (now - this.lastReportAt < (this.options.reportIntervalMs ?? 60_000)) return;
    this.lastReportAt = now;
    const report = this.options.onFailure ?? ((message: string) => process.stderr.write(`${message}\n`));
    report(
      `Log collector ${new URL(this.options.url).host} unavailable (${reason}): ${this.dropped} lines dropped so far`,
    );
  }
}
