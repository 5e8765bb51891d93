import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { register } from 'prom-client';
import { Public } from '@app/auth';
import { renderMetrics } from './exposition';
import { HttpMetrics } from './http-metrics';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * `GET /metrics` in the Prometheus text format (PrometheusModule mounts it at its `path`). Open to the
 * API-key guard (@Public): it has its own optional bearer token, METRICS_TOKEN.
 */
@Public()
@UseGuards(MetricsTokenGuard)
@Controller()
export class MetricsController {
  constructor(private readonly httpMetrics: HttpMetrics) {}

  @Get()
  async index(@Res() response: Response): Promise<void> {
    // Responses observed but not yet recorded (they are recorded in batches) count in this scrape.
    this.httpMetrics.flushPending();
    const chunks = await renderMetrics(register);
    // Written as is, in one corked batch: no join, no re-encoding, and no ETag (Express would hash
    // the whole body of a page that changes on every scrape).
    const length = chunks.reduce((total, chunk) => total + chunk.length, 0);
    response.writeHead(200, { 'Content-Type': register.contentType, 'Content-Length': length });
    response.cork();
    for (const chunk of chunks) response.write(chunk);
    response.end();
  }
}
