import { StoredReport } from '../build/report.types';

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per figure with raw numbers (ratios as 0..1, durations in seconds); empty = no value. */
export function renderReportCsv(report: StoredReport): string {
  const { body } = report;
  const header = ['period_start', 'period_end', 'group', 'key', 'label', 'unit', 'value'];
  for (const c of body.comparisons)
    header.push(`${c.name}_base`, `${c.name}_change`, `${c.name}_change_relative`);
  const rows = body.figures.map((figure) => {
    const cells: Array<string | number | null> = [
      body.period.start,
      body.period.end,
      figure.group,
      figure.key,
      figure.label,
      figure.unit,
      figure.value,
    ];
    for (const c of body.comparisons) {
      const change = figure.changes[c.name];
      cells.push(change.base, change.absolute, change.relative);
    }
    return cells.map(field).join(',');
  });
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
