import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RequireRole } from '@app/auth';
import { AlertsService } from './alerts.service';
import { AlertmanagerWebhookDto } from './alertmanager-webhook.dto';

/** Alertmanager's webhook receiver: answers 200 once the alerts' state is committed. */
@Controller('alerts')
export class AlertmanagerController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('alertmanager')
  @HttpCode(200)
  @RequireRole('alertmanager')
  async receive(@Body() body: AlertmanagerWebhookDto): Promise<{ received: number }> {
    const { received } = await this.alerts.receiveAlertmanager(body);
    return { received };
  }
}
