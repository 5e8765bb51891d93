import { Module } from '@nestjs/common';
import { AlertPipeline } from './alerts/alert-pipeline.service';
import { AlertStore } from './alerts/alert.store';
import { AlertmanagerController } from './alerts/alertmanager.controller';
import { AlertsAdminController } from './alerts/alerts-admin.controller';
import { AlertsGauge } from './alerts/alerts-gauge.service';
import { AlertsService } from './alerts/alerts.service';
import { AlertReconciler } from './alertmanager/alert-reconciler.service';
import { AlertmanagerApi, HttpAlertmanagerApi } from './alertmanager/alertmanager-api';
import { AlertDigestJob } from './jobs/alert-digest.job';
import { AlertEscalationJob } from './jobs/alert-escalation.job';
import { AlertNotifier } from './notify/alert-notifier.service';
import { BusinessRulesJob } from './rules/business-rules.job';
import { BusinessRulesRepository } from './rules/business-rules.repository';
import { SilencesController } from './silences/silences.controller';
import { SilencesService } from './silences/silences.service';

/**
 * One alert pipeline (Alertmanager, business rules, by hand) with state in PostgreSQL: dedup, silences,
 * inhibition, flapping, escalation, incident link; delivery to Slack / PagerDuty / webhook via the outbox.
 */
@Module({
  controllers: [AlertmanagerController, AlertsAdminController, SilencesController],
  providers: [
    AlertStore,
    AlertsGauge,
    AlertNotifier,
    SilencesService,
    AlertPipeline,
    { provide: AlertmanagerApi, useClass: HttpAlertmanagerApi },
    AlertReconciler,
    AlertsService,
    AlertEscalationJob,
    AlertDigestJob,
    BusinessRulesRepository,
    BusinessRulesJob,
  ],
  exports: [AlertPipeline, AlertEscalationJob, AlertDigestJob, BusinessRulesJob],
})
export class AlertingModule {}
