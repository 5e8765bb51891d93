import { randomUUID } from 'node:crypto';

export interface Sample {
  kind: 'feedback' | 'events';
  started: number;
  ended: number;
  /** 0: no HTTP answer (connection refused or cut, e.g. while Pulse is killed). */
  status: number;
  /** What a 2xx acknowledged: the feedback id, or the event's user id (unique per request). */
  acknowledged?: string;
}

/**
 * Modest load on purpose (the machine is shared): `clients` loops, half posting feedback, half posting
 * one event each, with a short pause between requests. Every answer is recorded; nothing is retried.
 */
export class LoadClient {
  readonly samples: Sample[] = [];
  private running = false;
  private loops: Array<Promise<void>> = [];

  constructor(
    private readonly base: () => string,
    private readonly key: string,
    private readonly clients = 4,
    private readonly pauseMs = 20,
    private readonly timeoutMs = 15_000,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.clients }, (_, n) =>
      this.loop(n % 2 === 0 ? 'feedback' : 'events'),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(kind: Sample['kind']): Promise<void> {
    while (this.running) {
      const started = Date.now();
      const tag = randomUUID();
      const [path, body] =
        kind === 'feedback'
          ? ['/api/v1/feedback', { type: 'bug', message: `fault load ${tag}` }]
          : ['/api/v1/events', { userId: `fault-${tag}`, event: 'fault_load' }];
      let status = 0;
      let acknowledged: string | undefined;
      try {
        const res = await fetch(`${this.base()}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = res.status;
        const json = (await res.json().catch(() => ({}))) as { id?: string };
        if (status >= 200 && status < 300) acknowledged = kind === 'feedback' ? json.id : body.userId;
      } catch {
        status = 0;
      }
      this.samples.push({ kind, started, ended: Date.now(), status, acknowledged });
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    }
  }
}
