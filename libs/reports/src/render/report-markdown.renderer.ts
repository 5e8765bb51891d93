import { StoredReport } from '../build/report.types';
import { formatChange, formatValue } from './figure-format';

/** Pipes and line breaks would break a table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The report as Markdown: a heading, the period, one table per group of figures. */
export function renderReportMarkdown(report: StoredReport): string {
  const { body } = report;
  const title =
    body.kind === 'daily'
      ? `Daily report ${body.period.start}`
      : `Weekly report ${body.period.start} to ${body.period.end}`;
  const lines = [
    `# ${title} (${body.timeZone})`,
    '',
    `Period: ${body.period.from} to ${body.period.to}. Built at ${report.builtAt}.`,
    `Compared with: ${body.comparisons.map((c) => `${c.start === c.end ? c.start : `${c.start} to ${c.end}`}`).join(', ')}.`,
    `Funnel: ${body.funnelSteps.join(' → ')}.`,
  ];
  const groups = [...new Set(body.figures.map((figure) => figure.group))];
  for (const group of groups) {
    lines.push('', `## ${group}`, '');
    lines.push(`| Figure | Value | ${body.comparisons.map((c) => cell(c.label)).join(' | ')} |`);
    lines.push(`| --- | ---: | ${body.comparisons.map(() => '---:').join(' | ')} |`);
    for (const figure of body.figures.filter((f) => f.group === group)) {
      const changes = body.comparisons.map((c) => formatChange(figure.changes[c.name], figure.unit));
      lines.push(
        `| ${cell(figure.label)} | ${formatValue(figure.value, figure.unit)} | ${changes.join(' | ')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
