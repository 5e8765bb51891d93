import { AlertPriority } from '@app/config';

export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';
export type AlertSource = 'alertmanager' | 'manual' | 'rule';

/** One alert (one row per fingerprint; `episode` counts how often it fired again after resolving). */
export interface AlertRecord {
  id: string;
  fingerprint: string;
  name: string;
  priority: AlertPriority;
  source: AlertSource;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: AlertStatus;
  episode: number;
  startsAt: Date;
  endsAt: Date | null;
  firedAt: Date;
  lastReceivedAt: Date;
  lastNotifiedAt: Date | null;
  episodeNotified: boolean;
  resolveNotified: boolean;
  suppressedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  escalationLevel: number;
  escalatedAt: Date | null;
  stateChanges: Date[];
  flapping: boolean;
  flapNotified: boolean;
  incidentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a source hands to the pipeline. */
export interface AlertInput {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  startsAt?: Date;
  endsAt?: Date;
  source: AlertSource;
  /** Who resolved it, when not the source itself (`alertmanager-api`, `expired`). */
  resolvedBy?: string;
}
