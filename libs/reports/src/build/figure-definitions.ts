import { FigureUnit, ReportKind } from './report.types';

export interface FigureDefinition {
  key: string;
  group: string;
  label: string;
  unit: FigureUnit;
}

export const ALERT_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** Every figure of a report, in display order. */
export function figureDefinitions(kind: ReportKind): FigureDefinition[] {
  const weekly = kind === 'weekly';
  return [
    { key: 'users.dau', group: 'Users', label: weekly ? 'Average DAU' : 'DAU', unit: 'count' },
    { key: 'users.wau', group: 'Users', label: 'WAU', unit: 'count' },
    { key: 'users.mau', group: 'Users', label: 'MAU', unit: 'count' },
    { key: 'users.stickiness', group: 'Users', label: 'Stickiness (DAU/MAU)', unit: 'ratio' },
    { key: 'users.registrations', group: 'Users', label: 'Registrations', unit: 'count' },
    { key: 'users.activationRate', group: 'Users', label: 'Activation rate', unit: 'ratio' },
    { key: 'funnel.conversion', group: 'Users', label: 'Funnel conversion', unit: 'ratio' },
    { key: 'feedback.total', group: 'Feedback', label: 'Feedback', unit: 'count' },
    { key: 'feedback.bug', group: 'Feedback', label: 'Bugs', unit: 'count' },
    { key: 'feedback.feature', group: 'Feedback', label: 'Feature requests', unit: 'count' },
    { key: 'feedback.improvement', group: 'Feedback', label: 'Improvements', unit: 'count' },
    { key: 'feedback.other', group: 'Feedback', label: 'Other', unit: 'count' },
    { key: 'feedback.negative', group: 'Feedback', label: 'Negative', unit: 'count' },
    { key: 'feedback.neutral', group: 'Feedback', label: 'Neutral', unit: 'count' },
    { key: 'feedback.positive', group: 'Feedback', label: 'Positive', unit: 'count' },
    { key: 'nps.score30d', group: 'NPS', label: 'NPS (30 days)', unit: 'score' },
    { key: 'nps.responses30d', group: 'NPS', label: 'NPS responses (30 days)', unit: 'count' },
    { key: 'incidents.opened', group: 'Incidents', label: 'Incidents opened', unit: 'count' },
    { key: 'incidents.resolved', group: 'Incidents', label: 'Incidents resolved', unit: 'count' },
    { key: 'incidents.mttaSeconds', group: 'Incidents', label: 'MTTA (mean)', unit: 'seconds' },
    { key: 'incidents.mttrSeconds', group: 'Incidents', label: 'MTTR (mean)', unit: 'seconds' },
    ...ALERT_PRIORITIES.map((priority) => ({
      key: `alerts.${priority}`,
      group: 'Alerts',
      label: `Alerts fired ${priority}`,
      unit: 'count' as const,
    })),
    { key: 'alerts.total', group: 'Alerts', label: 'Alerts fired', unit: 'count' },
    { key: 'http.requests', group: 'HTTP', label: 'Requests', unit: 'count' },
    { key: 'http.errors5xx', group: 'HTTP', label: '5xx responses', unit: 'count' },
    { key: 'http.errorRate5xx', group: 'HTTP', label: '5xx rate', unit: 'ratio' },
    { key: 'http.p95Seconds', group: 'HTTP', label: 'P95 latency', unit: 'seconds' },
  ];
}
