import { IncidentChecklistItemEntity } from './incident-checklist-item.entity';
import { IncidentEntity } from './incident.entity';
import { IncidentTimelineEntryEntity } from './incident-timeline-entry.entity';

export interface TimelineEntryView {
  sequence: number;
  at: Date;
  kind: string;
  author: string;
  message: string;
  data: Record<string, unknown>;
}

export interface ChecklistItemView {
  id: number;
  label: string;
  checked: boolean;
  checkedAt: Date | null;
  checkedBy: string | null;
}

export type IncidentDetailView = IncidentEntity & {
  timeline: TimelineEntryView[];
  checklist: ChecklistItemView[];
};

export function toTimelineView(entry: IncidentTimelineEntryEntity): TimelineEntryView {
  return {
    sequence: Number(entry.id),
    at: entry.at,
    kind: entry.kind,
    author: entry.author,
    message: entry.message,
    data: entry.data,
  };
}

export function toChecklistView(item: IncidentChecklistItemEntity): ChecklistItemView {
  return {
    id: item.itemId,
    label: item.label,
    checked: item.checkedAt !== null,
    checkedAt: item.checkedAt,
    checkedBy: item.checkedBy,
  };
}
