// Active users (DAU/WAU/MAU) and the activation rate per day or hour.
import {
  api,
  card,
  field,
  fmt,
  h,
  navigate,
  param,
  range,
  rangeBar,
  rangeQuery,
  section,
  table,
} from './core.js';
import { timeChart } from './charts.js';
import { t } from './i18n.js';

export async function render(content) {
  const r = range();
  const interval = param('interval') === 'hour' ? 'hour' : 'day';
  const [active, activation] = await Promise.all([
    api(`/admin/reports/active-users?${rangeQuery(r)}`),
    api(`/admin/reports/activation?${rangeQuery(r)}&interval=${interval}`),
  ]);
  const days = active.days;
  const latest = days[days.length - 1] || {};
  content.append(
    rangeBar(),
    h(
      'div',
      { class: 'cards' },
      card(t('dau'), fmt.int(latest.dau ?? null), latest.day ? fmt.date(latest.day) : null, {
        'data-figure': 'dau',
      }),
      card(t('wau'), fmt.int(latest.wau ?? null), null, { 'data-figure': 'wau' }),
      card(t('mau'), fmt.int(latest.mau ?? null), null, { 'data-figure': 'mau' }),
      card(
        t('activationRate'),
        fmt.pct(activation.rate),
        `${fmt.int(activation.activated)} / ${fmt.int(activation.registered)}`,
        {
          'data-figure': 'activation',
        },
      ),
    ),
    section(
      t('activeUsers'),
      timeChart(
        t('activeUsers'),
        days.map((d) => d.day),
        [
          { label: t('dau'), values: days.map((d) => d.dau) },
          { label: t('wau'), values: days.map((d) => d.wau) },
          { label: t('mau'), values: days.map((d) => d.mau) },
        ],
      ),
      h(
        'details',
        null,
        h('summary', null, t('tableOfChart')),
        table(
          [
            { label: t('day'), value: (d) => d.day },
            { label: t('dau'), value: (d) => fmt.int(d.dau), csv: (d) => d.dau, num: true },
            { label: t('wau'), value: (d) => fmt.int(d.wau), csv: (d) => d.wau, num: true },
            { label: t('mau'), value: (d) => fmt.int(d.mau), csv: (d) => d.mau, num: true },
          ],
          days,
          { csv: 'active-users.csv' },
        ),
      ),
    ),
    section(
      t('activation'),
      h(
        'form',
        { class: 'filters', onchange: (event) => navigate({ interval: event.target.value }) },
        field(
          t('interval'),
          h(
            'select',
            { name: 'interval' },
            ['day', 'hour'].map((i) =>
              h('option', { value: i, selected: i === interval }, t(`interval.${i}`)),
            ),
          ),
        ),
      ),
      timeChart(
        `${t('activationRate')} (${t(`interval.${interval}`)})`,
        activation.buckets.map((b) => b.start),
        [{ label: t('activationRate'), values: activation.buckets.map((b) => b.rate) }],
        { format: fmt.pct },
      ),
      h(
        'details',
        null,
        h('summary', null, t('tableOfChart')),
        table(
          [
            { label: t('periodStart'), value: (b) => fmt.dateTime(b.start), csv: (b) => b.start },
            {
              label: t('registered'),
              value: (b) => fmt.int(b.registered),
              csv: (b) => b.registered,
              num: true,
            },
            { label: t('activated'), value: (b) => fmt.int(b.activated), csv: (b) => b.activated, num: true },
            { label: t('activationRate'), value: (b) => fmt.pct(b.rate), csv: (b) => b.rate, num: true },
          ],
          activation.buckets,
          { csv: 'activation.csv' },
        ),
      ),
    ),
  );
}
