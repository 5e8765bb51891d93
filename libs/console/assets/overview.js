// Overview: the figures a product or on-call person checks first, each linking to its page.
import { api, card, fmt, h, pageLink, section, table } from './core.js';
import { timeChart } from './charts.js';
import { t } from './i18n.js';

const DAY_MS = 86_400_000;

export async function render(content) {
  const now = new Date();
  const since = (days) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const to = now.toISOString();
  const q = (days) => `from=${encodeURIComponent(since(days))}&to=${encodeURIComponent(to)}`;
  const [active, nps, activation, feedback, firing, acknowledged, incidents, jobs, daily] = await Promise.all(
    [
      api(`/admin/reports/active-users?${q(30)}`),
      api(`/admin/reports/nps?${q(30)}&interval=month`),
      api(`/admin/reports/activation?${q(30)}&interval=day`),
      api(`/admin/reports/feedback?${q(7)}&interval=week`),
      api('/admin/alerts?status=firing&limit=500'),
      api('/admin/alerts?status=acknowledged&limit=500'),
      api('/admin/incidents?limit=100'),
      api('/admin/jobs'),
      api('/admin/reports/daily'),
    ],
  );

  const latest = active.days[active.days.length - 1] || { dau: null, wau: null, mau: null };
  const stickiness = latest.mau ? latest.dau / latest.mau : null;
  const openAlerts = [...firing.items, ...acknowledged.items];
  const byPriority = ['P0', 'P1', 'P2', 'P3'].map((p) => [
    p,
    openAlerts.filter((a) => a.priority === p).length,
  ]);
  const openIncidents = incidents.items.filter((i) =>
    ['investigating', 'identified', 'monitoring'].includes(i.status),
  );
  const failedJobs = jobs.jobs.filter((j) => j.lastResult === 'failure');
  const sentiment = feedback.overall.bySentiment;
  const overall = nps.overall;
  const reports = [...daily.items].sort((a, b) => (a.periodStart < b.periodStart ? 1 : -1));

  content.append(
    h(
      'div',
      { class: 'cards' },
      card(t('dau'), fmt.int(latest.dau), null, { 'data-figure': 'dau' }),
      card(t('wau'), fmt.int(latest.wau), null, { 'data-figure': 'wau' }),
      card(t('mau'), fmt.int(latest.mau), null, { 'data-figure': 'mau' }),
      card(t('stickiness'), fmt.pct(stickiness), t('stickinessHelp'), { 'data-figure': 'stickiness' }),
      card(
        t('nps30'),
        fmt.nps(overall.nps),
        overall.ci95
          ? `${t('ci95')} ${fmt.nps(overall.ci95.low)} … ${fmt.nps(overall.ci95.high)} · ${fmt.int(overall.responses)} ${t('responses')}`
          : t('noResponses'),
        { 'data-figure': 'nps' },
      ),
      card(
        t('activationRate'),
        fmt.pct(activation.rate),
        `${fmt.int(activation.activated)} / ${fmt.int(activation.registered)}`,
        {
          'data-figure': 'activation',
        },
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      section(
        t('activeUsers30'),
        timeChart(
          t('activeUsers30'),
          active.days.map((d) => d.day),
          [
            { label: t('dau'), values: active.days.map((d) => d.dau) },
            { label: t('wau'), values: active.days.map((d) => d.wau) },
            { label: t('mau'), values: active.days.map((d) => d.mau) },
          ],
        ),
      ),
      section(
        t('feedbackWeek'),
        h(
          'div',
          { class: 'cards small' },
          ['positive', 'neutral', 'negative'].map((label) =>
            card(t(`sentiment.${label}`), fmt.int(sentiment[label]), null, {
              'data-figure': `feedback-${label}`,
            }),
          ),
        ),
        h('p', null, h('a', { href: pageLink('/console/feedback') }, t('openInbox'))),
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      section(
        t('openAlerts'),
        h(
          'div',
          { class: 'cards small' },
          byPriority.map(([p, n]) => card(p, fmt.int(n), null, { 'data-figure': `alerts-${p}` })),
        ),
        h('p', null, h('a', { href: '/console/alerts' }, t('allAlerts'))),
      ),
      section(
        t('openIncidents'),
        table(
          [
            {
              label: t('incident'),
              value: (i) => h('a', { href: `/console/incidents?id=${i.id}` }, `${i.id} ${i.title}`),
            },
            { label: t('severity'), value: (i) => i.severity },
            { label: t('status'), value: (i) => t(`status.${i.status}`) },
          ],
          openIncidents,
          { empty: t('noOpenIncidents') },
        ),
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      section(
        t('failedJobs'),
        table(
          [
            { label: t('job'), value: (j) => j.name },
            { label: t('lastRun'), value: (j) => fmt.dateTime(j.lastRunAt) },
            { label: t('lastError'), value: (j) => j.lastError || '' },
          ],
          failedJobs,
          { empty: t('noFailedJobs') },
        ),
      ),
      section(
        t('latestDaily'),
        reports.length
          ? h(
              'p',
              null,
              h(
                'a',
                { href: `/console/reports?kind=daily&date=${reports[0].periodStart}` },
                `${t('dailyReport')} ${reports[0].periodStart}`,
              ),
              ` · ${t('builtAt')} ${fmt.dateTime(reports[0].builtAt)}`,
            )
          : h('p', { class: 'empty' }, t('noReports')),
      ),
    ),
  );
}
