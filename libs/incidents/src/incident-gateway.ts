/**
 * The small interface alerting uses to open incidents and to add to their timeline, so that neither
 * module imports the other's internals. The incidents module provides the implementation.
 */
export interface AlertReference {
  fingerprint: string;
  name: string;
  priority: 'P0' | 'P1' | 'P2' | 'P3';
  summary: string;
  description?: string;
  labels: Record<string, string>;
  startsAt: Date;
}

export abstract class IncidentGateway {
  /** Opens an incident for the alert (SEV-1 for P0) and returns its id, e.g. INC-2026-001. */
  abstract openFromAlert(alert: AlertReference): Promise<{ incidentId: string }>;
  /** Appends an entry to an incident's timeline (author e.g. 'alerting'). */
  abstract appendToTimeline(
    incidentId: string,
    entry: { author: string; message: string; at?: Date },
  ): Promise<void>;
}
