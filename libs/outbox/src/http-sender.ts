import { Injectable } from '@nestjs/common';

export interface HttpSendResult {
  status: number;
  /** The first few hundred characters of the answer, for the row's last_error. */
  body: string;
}

/** The outbox's only door to the network, replaceable in tests. Throws on network errors and timeouts. */
export abstract class HttpSender {
  abstract postJson(url: string, body: unknown, timeoutMs: number): Promise<HttpSendResult>;
}

@Injectable()
export class FetchHttpSender extends HttpSender {
  async postJson(url: string, body: unknown, timeoutMs: number): Promise<HttpSendResult> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await response.text().catch(() => '');
    return { status: response.status, body: text.slice(0, 500) };
  }
}
