import { ALERT_PRIORITIES, AlertPriority } from '@app/config';

const BY_SEVERITY: Record<string, AlertPriority> = { critical: 'P0', warning: 'P1', info: 'P3' };

/** DESIGN.md: a `priority` label wins; else critical→P0, warning→P1, info→P3; anything else P2. */
export function priorityOf(labels: Record<string, string>): AlertPriority {
  const explicit = labels.priority?.toUpperCase();
  if (explicit && (ALERT_PRIORITIES as readonly string[]).includes(explicit))
    return explicit as AlertPriority;
  return BY_SEVERITY[labels.severity?.toLowerCase() ?? ''] ?? 'P2';
}

/** The severity word shown in notifications and used as the `alerts_firing` label. */
export const SEVERITY_OF_PRIORITY: Record<AlertPriority, 'critical' | 'high' | 'medium' | 'low'> = {
  P0: 'critical',
  P1: 'high',
  P2: 'medium',
  P3: 'low',
};
