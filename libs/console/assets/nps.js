// NPS: trend per day/week/month with its 95% interval as a band, category shares, the 0–10
// distribution and the latest reasons.
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
import { barChart, timeChart } from './charts.js';
import { t } from './i18n.js';

const INTERVALS = ['day', 'week', 'month'];
const CATEGORIES = ['promoter', 'passive', 'detractor'];

export async function render(content) {
  const interval = INTERVALS.includes(param('interval')) ? param('interval') : 'week';
  const survey = param('survey');
  const category = CATEGORIES.includes(param('category')) ? param('category') : '';
  const r = range();
  const surveyQuery = survey ? `&surveyId=${encodeURIComponent(survey)}` : '';
  const [report, answers] = await Promise.all([
    api(`/admin/reports/nps?${rangeQuery(r)}&interval=${interval}${surveyQuery}`),
    api(
      `/admin/reports/nps/responses?${rangeQuery(r)}${surveyQuery}${category ? `&category=${category}` : ''}&limit=20`,
    ),
  ]);
  const overall = report.overall;

  const filters = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event) => {
        event.preventDefault();
        const form = event.target;
        navigate({ interval: form.interval.value, survey: form.survey.value.trim() });
      },
    },
    field(
      t('interval'),
      h(
        'select',
        { name: 'interval' },
        INTERVALS.map((i) => h('option', { value: i, selected: i === interval }, t(`interval.${i}`))),
      ),
    ),
    field(t('survey'), h('input', { name: 'survey', value: survey, placeholder: t('allSurveys'), size: 16 })),
    h('button', { type: 'submit' }, t('apply')),
  );

  const points = report.intervals;
  content.append(
    rangeBar(),
    filters,
    h(
      'div',
      { class: 'cards' },
      card(
        t('nps'),
        fmt.nps(overall.nps),
        overall.marginOfError === null
          ? t('noResponses')
          : `± ${fmt.one(overall.marginOfError)} (${t('ci95')})`,
        {
          'data-figure': 'nps',
        },
      ),
      card(t('responsesLabel'), fmt.int(overall.responses), null, { 'data-figure': 'responses' }),
      card(t('promoters'), fmt.pct(overall.shares?.promoters ?? null), fmt.int(overall.promoters), {
        'data-figure': 'promoters',
      }),
      card(t('passives'), fmt.pct(overall.shares?.passives ?? null), fmt.int(overall.passives), {
        'data-figure': 'passives',
      }),
      card(t('detractors'), fmt.pct(overall.shares?.detractors ?? null), fmt.int(overall.detractors), {
        'data-figure': 'detractors',
      }),
    ),
    section(
      t('npsTrend'),
      timeChart(
        `${t('npsTrend')} (${t(`interval.${interval}`)})`,
        points.map((p) => p.start),
        [{ label: t('nps'), values: points.map((p) => p.nps) }],
        {
          band: {
            label: t('ci95'),
            low: points.map((p) => p.ci95?.low ?? null),
            high: points.map((p) => p.ci95?.high ?? null),
          },
          format: fmt.nps,
        },
      ),
      h(
        'details',
        null,
        h('summary', null, t('tableOfChart')),
        table(
          [
            {
              label: t('periodStart'),
              value: (p) => fmt.date(p.start, report.timeZone),
              csv: (p) => p.start,
            },
            { label: t('nps'), value: (p) => fmt.nps(p.nps), csv: (p) => p.nps, num: true },
            {
              label: t('ci95'),
              value: (p) => (p.ci95 ? `${fmt.nps(p.ci95.low)} … ${fmt.nps(p.ci95.high)}` : '—'),
              num: true,
            },
            { label: t('responses'), value: (p) => fmt.int(p.responses), csv: (p) => p.responses, num: true },
            {
              label: t('promoters'),
              value: (p) => fmt.pct(p.shares?.promoters ?? null),
              csv: (p) => p.promoters,
              num: true,
            },
            {
              label: t('passives'),
              value: (p) => fmt.pct(p.shares?.passives ?? null),
              csv: (p) => p.passives,
              num: true,
            },
            {
              label: t('detractors'),
              value: (p) => fmt.pct(p.shares?.detractors ?? null),
              csv: (p) => p.detractors,
              num: true,
            },
          ],
          points,
          { csv: 'nps-trend.csv' },
        ),
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      section(
        t('distribution'),
        barChart(
          t('distribution'),
          answers.distribution.map((d) => String(d.score)),
          [{ label: t('responsesLabel'), values: answers.distribution.map((d) => d.count) }],
          { xLabel: t('score') },
        ),
      ),
      section(
        t('reasons'),
        h(
          'div',
          { class: 'chips', role: 'group', 'aria-label': t('category') },
          ['', ...CATEGORIES].map((c) =>
            h(
              'button',
              {
                type: 'button',
                class: 'chip',
                'aria-pressed': String(c === category),
                onclick: () => navigate({ category: c }),
              },
              c ? t(`category.${c}`) : t('all'),
            ),
          ),
        ),
        answers.items.length === 0
          ? h('p', { class: 'empty' }, t('noReasons'))
          : h(
              'ul',
              { class: 'verbatims' },
              answers.items.map((a) =>
                h(
                  'li',
                  null,
                  h('span', { class: `score ${a.category}` }, String(a.score)),
                  h('blockquote', null, a.reason),
                  h('small', null, `${a.userId} · ${a.surveyId} · ${fmt.dateTime(a.createdAt)}`),
                ),
              ),
            ),
      ),
    ),
  );
}
