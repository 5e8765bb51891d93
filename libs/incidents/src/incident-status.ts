/**
 * The incident status machine, as data: one table tells which moves are allowed, so the service, the
 * 409 message and the README cannot disagree.
 */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const SEVERITY_MEANINGS: Record<IncidentSeverity, string> = {
  'SEV-1': 'core function down for all users',
  'SEV-2': 'important function degraded, some users affected',
  'SEV-3': 'minor problem, limited impact',
  'SEV-4': 'improvement, no user impact',
};

/**
 * Forward moves, with skips (a cause can be found and fixed in one go), plus one step back: a fix that
 * does not hold sends the incident from monitoring back to investigating. Resolved only moves to closed;
 * a recurrence after resolution is a new incident, so MTTR is measured once per incident.
 */
export const ALLOWED_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['monitoring', 'resolved'],
  monitoring: ['resolved', 'investigating'],
  resolved: ['closed'],
  closed: [],
};

/** Statuses counted as open (incidents_open, the daily report). */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export interface IncidentTimestamps {
  detectedAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/**
 * The timestamps after moving to `to` at `now`. Leaving investigating or resolving implies someone
 * acknowledged; resolving implies mitigation; going back to investigating clears the mitigation that
 * did not hold. A timestamp already set is kept (the first time counts).
 */
export function timestampsAfter(
  to: IncidentStatus,
  current: IncidentTimestamps,
  now: Date,
): IncidentTimestamps {
  const next = { ...current };
  if (to !== 'investigating') next.acknowledgedAt ??= now;
  switch (to) {
    case 'investigating':
      next.mitigatedAt = null;
      break;
    case 'identified':
      break;
    case 'monitoring':
      next.mitigatedAt ??= now;
      break;
    case 'resolved':
      next.mitigatedAt ??= now;
      next.resolvedAt ??= now;
      break;
    case 'closed':
      next.closedAt ??= now;
      break;
  }
  return next;
}
