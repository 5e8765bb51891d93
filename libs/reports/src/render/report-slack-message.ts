import { OutboxMessage } from '@app/outbox';
import { ReportFigure, StoredReport } from '../build/report.types';
import { formatValue } from './figure-format';

/** The figures people look at first; the rest is one click away. */
const KEY_FIGURES = [
  'users.dau',
  'users.mau',
  'users.registrations',
  'users.activationRate',
  'nps.score30d',
  'feedback.total',
  'incidents.opened',
  'alerts.P0',
  'http.requests',
  'http.errorRate5xx',
  'http.p95Seconds',
];

function line(figure: ReportFigure, comparison: string): string {
  const relative = figure.changes[comparison]?.relative;
  const change =
    relative === null || relative === undefined
      ? ''
      : ` (${relative > 0 ? '+' : ''}${Math.round(relative * 1000) / 10}%)`;
  return `${figure.label}: *${formatValue(figure.value, figure.unit)}*${change}`;
}

/**
 * A compact Slack message with the key figures and a link to the report in the console (which signs
 * the reader in first and then shows it, with the Markdown and CSV downloads); once per period.
 */
export function reportSlackMessage(report: StoredReport, publicBaseUrl: string): OutboxMessage {
  const { body } = report;
  const link = `${publicBaseUrl.replace(/\/$/, '')}/console/reports?kind=${body.kind}&date=${body.period.start}`;
  const comparison = body.comparisons[0];
  const title =
    body.kind === 'daily'
      ? `Daily report ${body.period.start}`
      : `Weekly report ${body.period.start} to ${body.period.end}`;
  const figures = KEY_FIGURES.map((key) => body.figures.find((figure) => figure.key === key)).filter(
    (figure): figure is ReportFigure => figure !== undefined,
  );
  const summary = figures.map((figure) => line(figure, comparison.name)).join(' · ');
  const text = `:bar_chart: ${title} (${body.timeZone}), changes ${comparison.label}\n${summary}\n<${link}|Full report>`;
  return {
    channel: 'slack',
    source: 'reports',
    dedupeKey: `reports:${body.kind}:${body.period.start}`,
    payload: { text },
  };
}
