export { AlertingModule } from './alerting.module';
export { AlertPipeline } from './alerts/alert-pipeline.service';
export type { ProcessOutcome } from './alerts/alert-pipeline.service';
export type { AlertInput, AlertRecord, AlertStatus } from './alerts/alert.record';
export { AlertEscalationJob } from './jobs/alert-escalation.job';
export { AlertDigestJob } from './jobs/alert-digest.job';
export { fingerprintOf } from './domain/fingerprint';
export { priorityOf } from './domain/alert-priority';
