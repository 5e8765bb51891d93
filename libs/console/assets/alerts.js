// Alerts: list with filters, detail with its history, acknowledge/resolve; silences: list, create
// (with a preview of the open alerts the matchers catch), expire.
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
import { t } from './i18n.js';

const STATUSES = ['firing', 'acknowledged', 'resolved'];
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'];

export async function render(content) {
  const id = param('id');
  if (id) return detail(content, id);
  const status = STATUSES.includes(param('status')) ? param('status') : '';
  const priority = PRIORITIES.includes(param('priority')) ? param('priority') : '';
  const query = new URLSearchParams({ limit: '100' });
  if (status) query.set('status', status);
  if (priority) query.set('priority', priority);
  const [alerts, silences, firing, acknowledged] = await Promise.all([
    api(`/admin/alerts?${query}`),
    // `{items, total}`, paged like every admin list; 500 is the most one page holds.
    api('/admin/silences?limit=500'),
    api('/admin/alerts?status=firing&limit=500'),
    api('/admin/alerts?status=acknowledged&limit=500'),
  ]);
  const open = [...firing.items, ...acknowledged.items];

  content.append(
    h(
      'form',
      {
        class: 'filters',
        onchange: (event) => {
          const form = event.currentTarget;
          navigate({ status: form.status.value, priority: form.priority.value });
        },
        onsubmit: (event) => event.preventDefault(),
      },
      field(
        t('status'),
        h(
          'select',
          { name: 'status' },
          h('option', { value: '' }, t('all')),
          STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(`alert.${s}`))),
        ),
      ),
      field(
        t('priority'),
        h(
          'select',
          { name: 'priority' },
          h('option', { value: '' }, t('all')),
          PRIORITIES.map((p) => h('option', { value: p, selected: p === priority }, p)),
        ),
      ),
    ),
    section(
      `${t('alerts')} (${fmt.int(alerts.total)})`,
      table(
        [
          { label: t('priority'), value: (a) => badge(a.priority, a.priority) },
          { label: t('name'), value: (a) => h('a', { href: `/console/alerts?id=${a.id}` }, a.name) },
          { label: t('status'), value: (a) => badge(t(`alert.${a.status}`), a.status) },
          { label: t('firedAt'), value: (a) => fmt.dateTime(a.firedAt) },
          {
            label: t('incident'),
            value: (a) =>
              a.incidentId ? h('a', { href: `/console/incidents?id=${a.incidentId}` }, a.incidentId) : '—',
          },
          { label: '', value: (a) => alertActions(a) },
        ],
        alerts.items,
        { empty: t('noAlerts') },
      ),
    ),
    silencesSection(silences, open),
  );
}

function alertActions(alert) {
  if (!isAdmin) return '';
  const box = h('div', { class: 'actions' });
  if (alert.status === 'firing') {
    box.append(
      action(h('button', { type: 'button', 'data-action': 'ack' }, t('acknowledge')), () =>
        api(`/admin/alerts/${alert.id}/ack`, { method: 'POST' }),
      ),
    );
  }
  if (alert.status !== 'resolved') {
    box.append(
      action(h('button', { type: 'button', 'data-action': 'resolve' }, t('resolve')), () =>
        api(`/admin/alerts/${alert.id}/resolve`, { method: 'POST' }),
      ),
    );
  }
  return box;
}

async function detail(content, id) {
  const alert = await api(`/admin/alerts/${encodeURIComponent(id)}`);
  const history = [
    [t('firedAt'), alert.firedAt, ''],
    [t('acknowledged'), alert.acknowledgedAt, alert.acknowledgedBy],
    [t('escalated'), alert.escalatedAt, alert.escalationLevel ? `L${alert.escalationLevel}` : ''],
    [t('resolvedAt'), alert.resolvedAt, alert.resolvedBy],
    [t('lastReceived'), alert.lastReceivedAt, ''],
  ].filter(([, at]) => at);
  const silenceLink = new URLSearchParams({
    silence: Object.entries(alert.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  });
  content.append(
    h('p', null, h('a', { href: '/console/alerts' }, `← ${t('alerts')}`)),
    h(
      'article',
      { class: 'panel' },
      h(
        'h2',
        null,
        badge(alert.priority, alert.priority),
        ' ',
        alert.name,
        ' ',
        badge(t(`alert.${alert.status}`), alert.status),
      ),
      alert.annotations.summary ? h('p', null, alert.annotations.summary) : null,
      alert.incidentId
        ? h(
            'p',
            null,
            `${t('incident')}: `,
            h('a', { href: `/console/incidents?id=${alert.incidentId}` }, alert.incidentId),
          )
        : null,
      alert.flapping ? notice(t('flapping'), 'warn') : null,
      alertActions(alert),
      isAdmin && alert.status !== 'resolved'
        ? h('p', null, h('a', { href: `/console/alerts?${silenceLink}#silence-form` }, t('silenceThis')))
        : null,
      h('h3', null, t('history')),
      table(
        [
          { label: t('when'), value: (r) => fmt.dateTime(r[1]) },
          { label: t('what'), value: (r) => r[0] },
          { label: t('who'), value: (r) => r[2] || '' },
        ],
        history,
      ),
      h('h3', null, t('labels')),
      table(
        [
          { label: t('key'), value: ([k]) => k },
          { label: t('value'), value: ([, v]) => v },
        ],
        Object.entries(alert.labels),
      ),
    ),
  );
}

/** Alertmanager semantics: a missing label is the empty string; regexes are anchored. */
function matcherMatches(m, labels) {
  const value = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(value);
    default:
      return false;
  }
}

function parseMatchers(text) {
  return text
    .split(/\n|,/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?$/.exec(line);
      if (!m) throw new Error(`${t('badMatcher')}: ${line}`);
      return { name: m[1], op: m[2], value: m[3] };
    });
}

function silencesSection(silences, open) {
  const title =
    silences.total > silences.items.length
      ? `${t('silences')} (${fmt.int(silences.items.length)} / ${fmt.int(silences.total)})`
      : t('silences');
  const rows = table(
    [
      {
        label: t('matchers'),
        value: (s) => s.matchers.map((m) => `${m.name}${m.op}"${m.value}"`).join(', '),
      },
      { label: t('state'), value: (s) => badge(t(`silence.${s.state}`), s.state) },
      {
        label: t('matching'),
        value: (s) => {
          const n = open.filter((a) => s.matchers.every((m) => matcherMatches(m, a.labels))).length;
          return n === 0 ? h('span', { class: 'flag' }, '0 ⚠') : String(n);
        },
        num: true,
      },
      { label: t('endsAt'), value: (s) => (s.endsAt ? fmt.dateTime(s.endsAt) : t('recurring')) },
      { label: t('createdBy'), value: (s) => s.createdBy },
      { label: t('comment'), value: (s) => s.comment },
      {
        label: '',
        value: (s) =>
          isAdmin && s.state !== 'expired'
            ? action(h('button', { type: 'button', 'data-action': 'expire' }, t('expire')), () =>
                api(`/admin/silences/${s.id}`, { method: 'DELETE' }),
              )
            : '',
      },
    ],
    silences.items,
    { empty: t('noSilences') },
  );
  return section(title, rows, isAdmin ? silenceForm(open) : null);
}

function silenceForm(open) {
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  const matchers = h(
    'textarea',
    { name: 'matchers', rows: 3, cols: 40, required: true, placeholder: 'alertname="HighErrorRate"' },
    param('silence'),
  );
  const update = () => {
    preview.replaceChildren();
    try {
      const parsed = parseMatchers(matchers.value);
      if (parsed.length === 0) return;
      const caught = open.filter((a) => parsed.every((m) => matcherMatches(m, a.labels)));
      preview.append(
        h(
          'p',
          { class: caught.length ? '' : 'flag' },
          t('wouldSilence').replace('{n}', String(caught.length)),
        ),
        caught.length
          ? h(
              'ul',
              null,
              caught.map((a) => h('li', null, `${a.priority} ${a.name}`)),
            )
          : null,
      );
    } catch (error) {
      preview.append(h('p', { class: 'flag' }, error.message));
    }
  };
  matchers.addEventListener('input', update);
  requestAnimationFrame(update);
  const form = h(
    'form',
    {
      id: 'silence-form',
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const old = form.querySelector('.notice');
        if (old) old.remove();
        try {
          const hours = Number(form.hours.value);
          await api('/admin/silences', {
            method: 'POST',
            body: {
              matchers: parseMatchers(form.matchers.value),
              endsAt: new Date(Date.now() + hours * 3600_000).toISOString(),
              comment: form.comment.value,
            },
          });
          navigate({ silence: null });
        } catch (error) {
          form.append(notice(error.message, 'error'));
        }
      },
    },
    h('h3', null, t('newSilence')),
    field(t('matchers'), matchers, t('matchersHelp')),
    preview,
    field(
      t('durationHours'),
      h('input', { name: 'hours', type: 'number', min: 0.25, step: 0.25, value: 2, required: true }),
    ),
    field(t('comment'), h('input', { name: 'comment', size: 40 })),
    h('button', { type: 'submit' }, t('createSilence')),
  );
  return form;
}
