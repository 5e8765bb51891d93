import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { CollectorTransport } from './collector.transport';
import { MESSAGE } from './log-format';

const line = (text: string) => ({
  level: 'info',
  message: text,
  [MESSAGE]: JSON.stringify({ message: text }),
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`;
}

describe('CollectorTransport', () => {
  it('ships lines as NDJSON batches', async () => {
    const bodies: Array<{ type?: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push({ type: req.headers['content-type'], body });
        res.writeHead(200).end();
      });
    });
    const url = await listen(server);
    try {
      const transport = new CollectorTransport({ url, batchSize: 2, flushIntervalMs: 10_000 });
      for (const text of ['a', 'b', 'c']) transport.log(line(text), () => undefined);
      await transport.flush();
      expect(bodies.map((b) => b.body).join('')).toBe('{"message":"a"}\n{"message":"b"}\n{"message":"c"}\n');
      expect(bodies[0].type).toBe('application/x-ndjson');
      expect(transport.dropped).toBe(0);
      transport.close();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('drops and reports (once per interval) when the collector refuses connections', async () => {
    const server = createServer();
    const url = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const failures: string[] = [];
    const transport = new CollectorTransport({ url, onFailure: (message) => failures.push(message) });
    for (let i = 0; i < 5; i++) transport.log(line(`l${i}`), () => undefined);
    await transport.flush();
    transport.log(line('again'), () => undefined);
    await transport.flush();
    expect(transport.dropped).toBe(6);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/unavailable \(ECONNREFUSED\): 5 lines dropped/);
    transport.close();
  });

  it('gives up on a collector that never answers, within the timeout', async () => {
    const server = createServer(() => undefined); // accepts, never responds
    const url = await listen(server);
    try {
      const transport = new CollectorTransport({ url, timeoutMs: 100, onFailure: () => undefined });
      transport.log(line('stuck'), () => undefined);
      const started = Date.now();
      await transport.flush();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(transport.dropped).toBe(1);
      transport.close();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('bounds its queue', () => {
    const transport = new CollectorTransport({
      url: 'http://127.0.0.1:9/logs',
      maxQueue: 3,
      batchSize: 100,
      flushIntervalMs: 60_000,
      onFailure: () => undefined,
    });
    for (let i = 0; i < 10; i++) transport.log(line(`l${i}`), () => undefined);
    expect(transport.dropped).toBe(7);
    transport.close();
  });
});
