import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from '@app/auth';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * `GET /metrics` in the Prometheus text format. Open to the API-key guard (@Public): it has its own
 * optional bearer token, METRICS_TOKEN.
 */
@Public()
@UseGuards(MetricsTokenGuard)
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return super.index(response);
  }
}
