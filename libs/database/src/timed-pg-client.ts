import { Client } from 'pg';

const QUERY_READ_TIMEOUT = 'Query read timeout';
const baseQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

/**
 * A pg Client that drops its connection when a query times out on the client side (`query_timeout`).
 * pg only rejects the query: the connection would go back to the pool still waiting for an answer a
 * partitioned server never sends, and every later query on it would time out too. Closing the socket
 * makes the pool discard it, so the pool heals as soon as the network does.
 */
export class TimedPgClient extends Client {}

Object.defineProperty(TimedPgClient.prototype, 'query', {
  value: function query(this: Client, ...args: unknown[]): unknown {
    const result = baseQuery.apply(this, args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if ((error as Error | null)?.message === QUERY_READ_TIMEOUT) dropConnection(this);
      });
    }
    return result;
  },
  writable: true,
  configurable: true,
});

function dropConnection(client: Client): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  stream?.destroy();
}
