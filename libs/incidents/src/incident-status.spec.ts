import {
  ALLOWED_TRANSITIONS,
  INCIDENT_STATUSES,
  IncidentStatus,
  IncidentTimestamps,
  canTransition,
  timestampsAfter,
} from './incident-status';
import { formatIncidentId } from './incident-id';

const VALID: Array<[IncidentStatus, IncidentStatus]> = [
  ['investigating', 'identified'],
  ['investigating', 'monitoring'],
  ['investigating', 'resolved'],
  ['identified', 'monitoring'],
  ['identified', 'resolved'],
  ['monitoring', 'resolved'],
  ['monitoring', 'investigating'],
  ['resolved', 'closed'],
];

describe('incident status machine', () => {
  const all = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const));

  it.each(all)('%s → %s is allowed exactly when listed', (from, to) => {
    const expected = VALID.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  it('lists the same transitions as the table and nothing leaves closed', () => {
    const listed = Object.entries(ALLOWED_TRANSITIONS).flatMap(([from, targets]) =>
      targets.map((to) => [from, to]),
    );
    expect(listed.sort()).toEqual([...VALID].sort());
    expect(ALLOWED_TRANSITIONS.closed).toEqual([]);
  });
});

describe('timestamps set by transitions', () => {
  const detected = new Date('2026-11-20T10:00:00Z');
  const t1 = new Date('2026-11-20T10:05:00Z');
  const t2 = new Date('2026-11-20T10:30:00Z');
  const fresh: IncidentTimestamps = {
    detectedAt: detected,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
  };

  it('leaving investigating acknowledges; monitoring mitigates', () => {
    const identified = timestampsAfter('identified', fresh, t1);
    expect(identified).toMatchObject({ acknowledgedAt: t1, mitigatedAt: null, resolvedAt: null });
    const monitoring = timestampsAfter('monitoring', identified, t2);
    expect(monitoring).toMatchObject({ acknowledgedAt: t1, mitigatedAt: t2 });
  });

  it('resolving directly sets acknowledged, mitigated and resolved at once', () => {
    expect(timestampsAfter('resolved', fresh, t1)).toEqual({
      detectedAt: detected,
      acknowledgedAt: t1,
      mitigatedAt: t1,
      resolvedAt: t1,
      closedAt: null,
    });
  });

  it('a fix that did not hold clears the mitigation but keeps the acknowledgement', () => {
    const monitoring = timestampsAfter('monitoring', fresh, t1);
    expect(timestampsAfter('investigating', monitoring, t2)).toMatchObject({
      acknowledgedAt: t1,
      mitigatedAt: null,
    });
  });

  it('closing keeps the resolution time', () => {
    const resolved = timestampsAfter('resolved', fresh, t1);
    expect(timestampsAfter('closed', resolved, t2)).toMatchObject({ resolvedAt: t1, closedAt: t2 });
  });
});

describe('incident ids', () => {
  it('zero-pads to three digits and grows beyond 999', () => {
    expect(formatIncidentId(2026, 7)).toBe('INC-2026-007');
    expect(formatIncidentId(2026, 999)).toBe('INC-2026-999');
    expect(formatIncidentId(2026, 1000)).toBe('INC-2026-1000');
  });
});
