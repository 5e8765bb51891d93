// Funnel: 2–10 steps from the known event names, a conversion window and the range; bars per step
// with conversion from the previous and the first step and the median time between steps.
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
import { barChart } from './charts.js';
import { t } from './i18n.js';

export async function render(content) {
  const r = range();
  const window_ = /^\d{1,5}[mhd]$/.test(param('window')) ? param('window') : '';
  const stepsParam = param('steps');
  const known = await api('/admin/reports/event-names');
  const query = `${rangeQuery(r)}${stepsParam ? `&steps=${encodeURIComponent(stepsParam)}` : ''}${window_ ? `&window=${window_}` : ''}`;
  const report = await api(`/admin/reports/funnel?${query}`);
  const steps = report.steps;

  const stepInputs = h('div', { class: 'steps' });
  const addStep = (value) => {
    const index = stepInputs.children.length + 1;
    stepInputs.append(
      field(
        `${t('step')} ${index}`,
        h('input', {
          name: `step${index}`,
          value: value || '',
          list: 'event-names',
          autocomplete: 'off',
          size: 18,
        }),
      ),
    );
  };
  steps.forEach((s) => addStep(s.step));
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event) => {
        event.preventDefault();
        const chosen = [...stepInputs.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean);
        const problem = form.querySelector('.notice');
        if (problem) problem.remove();
        if (chosen.length < 2 || chosen.length > 10) {
          form.append(h('p', { class: 'notice error', role: 'alert' }, t('stepsCount')));
          return;
        }
        navigate({ steps: chosen.join(','), window: form.window.value.trim() });
      },
    },
    h(
      'datalist',
      { id: 'event-names' },
      known.items.map((name) => h('option', { value: name })),
    ),
    stepInputs,
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { type: 'button', onclick: () => stepInputs.children.length < 10 && addStep('') },
        t('addStep'),
      ),
      field(
        t('window'),
        h('input', {
          name: 'window',
          value: window_ || `${Math.round(report.windowSeconds / 3600)}h`,
          size: 6,
          pattern: '\\d{1,5}[mhd]',
        }),
        t('windowHelp'),
      ),
      h('button', { type: 'submit' }, t('apply')),
    ),
  );

  const first = steps[0]?.users ?? 0;
  const last = steps[steps.length - 1]?.users ?? 0;
  content.append(
    rangeBar(),
    form,
    h(
      'div',
      { class: 'cards' },
      card(t('entered'), fmt.int(first), steps[0]?.step, { 'data-figure': 'entered' }),
      card(t('completed'), fmt.int(last), steps[steps.length - 1]?.step, { 'data-figure': 'completed' }),
      card(t('overallConversion'), fmt.pct(first ? last / first : null), null, { 'data-figure': 'overall' }),
    ),
    section(
      t('funnel'),
      barChart(
        t('usersPerStep'),
        steps.map((s) => s.step),
        [{ label: t('users'), values: steps.map((s) => s.users) }],
        { xLabel: t('step') },
      ),
      table(
        [
          { label: t('step'), value: (s) => s.step },
          { label: t('users'), value: (s) => fmt.int(s.users), csv: (s) => s.users, num: true },
          {
            label: t('fromPrevious'),
            value: (s) => fmt.pct(s.conversionFromPrevious),
            csv: (s) => s.conversionFromPrevious,
            num: true,
          },
          {
            label: t('fromFirst'),
            value: (s) => fmt.pct(s.conversionFromFirst),
            csv: (s) => s.conversionFromFirst,
            num: true,
          },
          {
            label: t('medianTime'),
            value: (s) => fmt.duration(s.medianSecondsFromPrevious),
            csv: (s) => s.medianSecondsFromPrevious,
            num: true,
          },
        ],
        steps,
        { csv: 'funnel.csv' },
      ),
    ),
  );
}
