// Experiments: list with status; results (exposures, conversion with its Wilson interval drawn as an
// interval, lift with its interval, p-value, SRM banner, NPS and negative feedback per variant);
// create, start, stop for admins. Unknown result fields are ignored, so new statistics do not break it.
import {
  action,
  api,
  badge,
  field,
  fmt,
  h,
  isAdmin,
  navigate,
  notice,
  param,
  section,
  table,
} from './core.js';
import { intervalChart } from './charts.js';
import { t } from './i18n.js';

export async function render(content) {
  const key = param('key');
  if (key) return detail(content, key);
  const list = await api('/admin/experiments');
  content.append(
    section(
      t('experiments'),
      table(
        [
          {
            label: t('key'),
            value: (e) => h('a', { href: `/console/experiments?key=${encodeURIComponent(e.key)}` }, e.key),
          },
          { label: t('status'), value: (e) => badge(t(`exp.${e.status}`), e.status) },
          { label: t('variants'), value: (e) => e.variants.map((v) => `${v.key} (${v.weight})`).join(', ') },
          { label: t('primaryEvent'), value: (e) => e.primaryEvent },
          { label: t('startedAt'), value: (e) => fmt.dateTime(e.startedAt) },
          { label: '', value: (e) => controls(e) },
        ],
        list,
        { empty: t('noExperiments') },
      ),
    ),
    isAdmin ? createForm() : null,
  );
}

function controls(e) {
  if (!isAdmin) return '';
  const box = h('div', { class: 'actions' });
  if (e.status === 'draft')
    box.append(
      action(h('button', { type: 'button', 'data-action': 'start' }, t('start')), () =>
        api(`/admin/experiments/${e.key}/start`, { method: 'POST' }),
      ),
    );
  if (e.status === 'running')
    box.append(
      action(
        h('button', { type: 'button', 'data-action': 'stop' }, t('stop')),
        () => api(`/admin/experiments/${e.key}/stop`, { method: 'POST' }),
        { confirmText: t('confirmStop') },
      ),
    );
  return box;
}

function createForm() {
  const form = h(
    'form',
    {
      class: 'panel stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const old = form.querySelector('.notice');
        if (old) old.remove();
        try {
          const variants = form.variants.value.split(',').map((part) => {
            const [k, w] = part.split(':').map((s) => s.trim());
            return { key: k, weight: Number(w || 1) };
          });
          await api('/admin/experiments', {
            method: 'POST',
            body: {
              key: form.key.value.trim(),
              ...(form.description.value.trim() ? { description: form.description.value.trim() } : {}),
              variants,
              primaryEvent: form.primaryEvent.value.trim(),
            },
          });
          navigate({});
        } catch (error) {
          form.append(notice(error.message, 'error'));
        }
      },
    },
    h('h2', null, t('newExperiment')),
    field(t('key'), h('input', { name: 'key', required: true, size: 24 })),
    field(t('description'), h('input', { name: 'description', size: 40 })),
    field(
      t('variants'),
      h('input', { name: 'variants', value: 'control:1, treatment:1', size: 30 }),
      t('variantsHelp'),
    ),
    field(
      t('primaryEvent'),
      h('input', { name: 'primaryEvent', required: true, value: 'first_purchase', size: 24 }),
    ),
    h('button', { type: 'submit' }, t('create')),
  );
  return form;
}

async function detail(content, key) {
  const [experiment, results] = await Promise.all([
    api(`/admin/experiments/${encodeURIComponent(key)}`),
    api(`/admin/experiments/${encodeURIComponent(key)}/results`),
  ]);
  const metric = results.primary;
  const voices = results.variants;
  content.append(
    h('p', null, h('a', { href: '/console/experiments' }, `← ${t('experiments')}`)),
    h(
      'article',
      { class: 'panel' },
      h('h2', null, `${experiment.key} `, badge(t(`exp.${experiment.status}`), experiment.status)),
      experiment.description ? h('p', null, experiment.description) : null,
      results.warning
        ? h('p', { class: 'banner warn', role: 'alert' }, `⚠ ${t('srm')}: ${results.warning}`)
        : null,
      h(
        'p',
        null,
        `${t('exposures')}: ${fmt.int(results.totalExposures)} · ${t('primaryEvent')}: ${metric.event} · ${t('computedAt')} ${fmt.dateTime(results.computedAt)}`,
      ),
      controls(experiment),
    ),
    section(
      `${t('conversion')} (${metric.event})`,
      intervalChart(
        t('conversionCi'),
        metric.variants.map((v) => v.variant),
        { label: t('rate'), values: metric.variants.map((v) => v.rate) },
        { label: t('ciLow'), values: metric.variants.map((v) => v.rateCi?.low ?? null) },
        { label: t('ciHigh'), values: metric.variants.map((v) => v.rateCi?.high ?? null) },
        { xLabel: t('variant') },
      ),
      metricTable(metric, 'experiment-primary.csv'),
    ),
    ...results.guardrails.map((g) => section(`${t('guardrail')}: ${g.event}`, metricTable(g))),
    section(
      t('voice'),
      table(
        [
          { label: t('variant'), value: (v) => v.variant },
          { label: t('exposures'), value: (v) => fmt.int(v.exposed), num: true },
          { label: t('expectedShare'), value: (v) => fmt.pct(v.expectedShare), num: true },
          {
            label: t('nps'),
            value: (v) => `${fmt.nps(v.nps.score)} (${fmt.int(v.nps.responses)})`,
            num: true,
          },
          {
            label: t('negativeFeedback'),
            value: (v) =>
              h(
                'a',
                { href: `/console/feedback?sentiment=negative` },
                `${fmt.pct(v.feedback.negativeShare)} (${fmt.int(v.feedback.negative)} / ${fmt.int(v.feedback.items)})`,
              ),
            num: true,
          },
        ],
        voices,
      ),
    ),
  );
}

function metricTable(metric, csv) {
  return table(
    [
      { label: t('variant'), value: (v) => v.variant },
      { label: t('exposures'), value: (v) => fmt.int(v.exposed), csv: (v) => v.exposed, num: true },
      { label: t('converted'), value: (v) => fmt.int(v.converted), csv: (v) => v.converted, num: true },
      { label: t('rate'), value: (v) => fmt.pct(v.rate), csv: (v) => v.rate, num: true },
      {
        label: t('ci95'),
        value: (v) => (v.rateCi ? `${fmt.pct(v.rateCi.low)} … ${fmt.pct(v.rateCi.high)}` : '—'),
        num: true,
      },
      { label: t('lift'), value: (v) => liftText(v.vsControl), num: true },
      {
        label: t('pValue'),
        value: (v) =>
          v.vsControl && typeof v.vsControl.pValue === 'number' ? v.vsControl.pValue.toFixed(4) : '—',
        num: true,
      },
    ],
    metric.variants,
    { csv },
  );
}

function liftText(c) {
  if (!c) return t('control');
  const lift = c.relativeLift ?? c.lift;
  const ci = c.relativeLiftCi ?? c.liftCi ?? c.ci;
  if (typeof lift !== 'number') return '—';
  return `${lift >= 0 ? '+' : ''}${fmt.pct(lift)}${ci ? ` (${fmt.pct(ci.low)} … ${fmt.pct(ci.high)})` : ''}`;
}
