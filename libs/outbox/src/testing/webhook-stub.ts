import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';

export interface StubRequest {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/**
 * A local HTTP server standing in for Slack / PagerDuty / a webhook in tests and benchmarks (127.0.0.1
 * only). `respond` decides each answer: a status, and optionally a delay before answering.
 */
export class WebhookStub {
  readonly requests: StubRequest[] = [];
  respond: (request: StubRequest, index: number) => { status: number; delayMs?: number } = () => ({
    status: 200,
  });
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves when at least `count` requests have arrived (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`stub got ${this.requests.length} request(s), expected ${count}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      const request: StubRequest = { path: req.url ?? '/', body, at: Date.now() };
      const index = this.requests.push(request) - 1;
      const { status, delayMs = 0 } = this.respond(request, index);
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'error');
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  }
}
