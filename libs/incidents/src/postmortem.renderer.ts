import { DateTime } from 'luxon';
import { IncidentEntity } from './incident.entity';
import { markdownTable } from './markdown-table';
import { POSTMORTEM_HEADINGS, PostmortemHeadings, PostmortemLanguage } from './postmortem-headings';
import { TimelineEntryView } from './incident.views';

export interface PostmortemInput {
  incident: IncidentEntity;
  timeline: TimelineEntryView[];
  language: PostmortemLanguage;
  timeZone: string;
  /** End of the duration while the incident is not resolved yet. */
  now: Date;
}

/**
 * The post-mortem as Markdown, following the ops handbook template: summary, timeline, root cause,
 * resolution, follow-up actions, lessons learned. Pure, so the output is stable for a fixed input.
 */
export function renderPostmortem({ incident, timeline, language, timeZone, now }: PostmortemInput): string {
  const h = POSTMORTEM_HEADINGS[language];
  const time = (at: Date) => DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
  const end = incident.resolvedAt ?? now;
  const duration = formatDuration(end.getTime() - incident.detectedAt.getTime(), h);
  const impact = [
    cell(incident.impact),
    incident.impactShare !== null ? h.usersAffected(formatShare(incident.impactShare)) : '',
  ]
    .filter((part) => part.length > 0)
    .join(' — ');
  // Detection usually precedes the first recorded entry; show it in its place.
  const rows = [
    { at: incident.detectedAt, author: '—', message: h.detected },
    ...timeline.map((entry) => ({ at: entry.at, author: cell(entry.author), message: cell(entry.message) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const lines: string[] = [
    `# ${h.title}: ${incident.id} — ${oneLine(incident.title)}`,
    '',
    `## ${h.summary}`,
    '',
    ...markdownTable(
      ['', ''],
      [
        [h.incident, incident.id],
        [h.titleField, cell(incident.title)],
        [h.startTime, time(incident.detectedAt)],
        [h.duration, incident.resolvedAt ? duration : `${duration} (${h.ongoing})`],
        [h.severity, `${incident.severity} — ${h.severityMeanings[incident.severity]}`],
        [h.status, h.statuses[incident.status]],
        [h.impact, impact || '—'],
        [h.commander, cell(incident.commander ?? '—')],
        [h.responders, incident.responders.length > 0 ? cell(incident.responders.join(', ')) : '—'],
      ],
    ),
    '',
    ...(incident.summary.trim() ? [incident.summary.trim(), ''] : []),
    `## ${h.timeline}`,
    '',
    ...markdownTable(
      [h.time, h.author, h.event],
      rows.map((row) => [time(row.at), row.author, row.message]),
    ),
    '',
    `## ${h.rootCause}`,
    '',
    written(incident.rootCause, h),
    '',
    `## ${h.resolution}`,
    '',
    written(incident.resolution, h),
    '',
    ...(incident.mitigatedAt ? [`- ${h.mitigatedAt}: ${time(incident.mitigatedAt)}`] : []),
    ...(incident.resolvedAt ? [`- ${h.resolvedAt}: ${time(incident.resolvedAt)}`] : []),
    ...(incident.mitigatedAt || incident.resolvedAt ? [''] : []),
    `## ${h.followUps}`,
    '',
    ...(incident.followUpActions.length > 0
      ? incident.followUpActions.map(
          (action) =>
            `- [${action.done ? 'x' : ' '}] ${oneLine(action.description)} (${h.owner}: ${oneLine(action.owner)})`,
        )
      : [h.none]),
    '',
    `## ${h.lessons}`,
    '',
    written(incident.lessons, h),
    '',
  ];
  return lines.join('\n');
}

export function formatDuration(ms: number, h: PostmortemHeadings): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} ${h.hours}`);
  if (minutes > 0) parts.push(`${minutes} ${h.minutes}`);
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds} ${h.seconds}`);
  return parts.join(' ');
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function written(text: string | null, h: PostmortemHeadings): string {
  return text && text.trim() ? text.trim() : h.toBeWritten;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Table cells: one line, pipes escaped. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}
