// Daily and weekly reports: the stored figures rendered as a table with their changes, and the
// Markdown and CSV files of the API as downloads.
import { api, fmt, h, navigate, param, section, table } from './core.js';
import { t } from './i18n.js';

const KINDS = ['daily', 'weekly'];

function figureValue(f) {
  if (f.value === null) return '—';
  switch (f.unit) {
    case 'ratio':
      return fmt.pct(f.value);
    case 'score':
      return fmt.one(f.value);
    case 'seconds':
      return fmt.duration(f.value);
    default:
      return Number.isInteger(f.value) ? fmt.int(f.value) : fmt.one(f.value);
  }
}

function change(c) {
  if (!c || c.relative === null || c.relative === undefined) return '—';
  const arrow = c.relative > 0 ? '▲' : c.relative < 0 ? '▼' : '•';
  return `${arrow} ${fmt.pct(Math.abs(c.relative))}`;
}

export async function render(content) {
  const kind = KINDS.includes(param('kind')) ? param('kind') : 'daily';
  const list = await api(`/admin/reports/${kind}`);
  const items = [...list.items].sort((a, b) => (a.periodStart < b.periodStart ? 1 : -1));
  const date = param('date') || items[0]?.periodStart;
  const tabs = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': t('kind') },
    KINDS.map((k) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'aria-pressed': String(k === kind),
          onclick: () => navigate({ kind: k, date: null }),
        },
        t(`kind.${k}`),
      ),
    ),
  );
  const picker = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => e.preventDefault(),
      onchange: (e) => navigate({ date: e.currentTarget.date.value }),
    },
    h('label', { for: 'report-date' }, t('period')),
    h(
      'select',
      { id: 'report-date', name: 'date' },
      items.map((i) =>
        h(
          'option',
          { value: i.periodStart, selected: i.periodStart === date },
          i.periodStart === i.periodEnd ? i.periodStart : `${i.periodStart} – ${i.periodEnd}`,
        ),
      ),
    ),
  );
  content.append(tabs, items.length ? picker : h('p', { class: 'empty' }, t('noReports')));
  if (!date) return;
  const report = await api(`/admin/reports/${kind}/${date}`);
  const comparisons = report.body.comparisons;
  const groups = [...new Set(report.body.figures.map((f) => f.group))];
  content.append(
    h(
      'p',
      { class: 'row' },
      `${report.periodStart}${report.periodEnd !== report.periodStart ? ` – ${report.periodEnd}` : ''} · ${t('reportZone')}: ${report.timeZone} · ${t('builtAt')} ${fmt.dateTime(report.builtAt, report.timeZone)}`,
      h(
        'a',
        {
          href: `/api/v1/admin/reports/${kind}/${date}.md`,
          download: `${kind}-report-${date}.md`,
          class: 'download',
        },
        t('downloadMarkdown'),
      ),
      h(
        'a',
        {
          href: `/api/v1/admin/reports/${kind}/${date}.csv`,
          download: `${kind}-report-${date}.csv`,
          class: 'download',
        },
        t('downloadCsv'),
      ),
    ),
    ...groups.map((group) =>
      section(
        group,
        table(
          [
            { label: t('figure'), value: (f) => f.label },
            { label: t('value'), value: (f) => figureValue(f), num: true },
            ...comparisons.map((c) => ({
              label: c.label,
              value: (f) => change(f.changes[c.name]),
              num: true,
            })),
          ],
          report.body.figures.filter((f) => f.group === group),
        ),
      ),
    ),
  );
}
