export { IncidentsModule } from './incidents.module';
export { IncidentGateway } from './incident-gateway';
export type { AlertReference } from './incident-gateway';
export { IncidentsReadService } from './incidents-read.service';
export type { IncidentReport, OpenIncidentSummary, SeverityFigures } from './incidents-read.service';
export type { DurationSummary } from './incident-stats';
export {
  ALLOWED_TRANSITIONS,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  SEVERITY_MEANINGS,
} from './incident-status';
export type { IncidentSeverity, IncidentStatus } from './incident-status';
