import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal } from '@app/auth';
import type { ApiKeyPrincipal } from '@app/auth';
import { ProcessOutcome } from './alert-pipeline.service';
import { AlertIdParams } from './alert-id.params';
import { AlertView, AlertsService } from './alerts.service';
import { ListAlertsQueryDto, RaiseAlertDto } from './admin-alert.dto';

/** Admin view of alerts: list, get, raise by hand, acknowledge, resolve. */
@Controller('admin/alerts')
export class AlertsAdminController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  raise(@Body() body: RaiseAlertDto): Promise<ProcessOutcome> {
    return this.alerts.raise(body);
  }

  @Get()
  list(@Query() query: ListAlertsQueryDto): Promise<{ items: AlertView[]; total: number }> {
    return this.alerts.list(query);
  }

  @Get(':id')
  get(@Param() params: AlertIdParams): Promise<AlertView> {
    return this.alerts.get(params.id);
  }

  @Post(':id/ack')
  @HttpCode(200)
  acknowledge(
    @Param() params: AlertIdParams,
    @CurrentPrincipal() principal?: ApiKeyPrincipal,
  ): Promise<AlertView> {
    return this.alerts.acknowledge(params.id, principal?.name ?? 'admin');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param() params: AlertIdParams,
    @CurrentPrincipal() principal?: ApiKeyPrincipal,
  ): Promise<AlertView> {
    return this.alerts.resolve(params.id, principal?.name ?? 'admin');
  }
}
