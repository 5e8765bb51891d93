// Incidents: list, declare, and the detail with only the allowed status moves, the timeline with
// notes, the checklist, and the post-mortem preview with a Markdown download (en/zh).
import {
  action,
  api,
  badge,
  downloadLink,
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

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'];
const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];
/** The server's status machine (libs/incidents/src/incident-status.ts); it refuses any other move with a 409. */
const MOVES = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['monitoring', 'resolved'],
  monitoring: ['resolved', 'investigating'],
  resolved: ['closed'],
  closed: [],
};

export async function render(content) {
  const id = param('id');
  if (id) return detail(content, id);
  const status = STATUSES.includes(param('status')) ? param('status') : '';
  const page = await api(`/admin/incidents?limit=50${status ? `&status=${status}` : ''}`);
  content.append(
    h(
      'form',
      {
        class: 'filters',
        onchange: (event) => navigate({ status: event.currentTarget.status.value }),
        onsubmit: (e) => e.preventDefault(),
      },
      field(
        t('status'),
        h(
          'select',
          { name: 'status' },
          h('option', { value: '' }, t('all')),
          STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(`status.${s}`))),
        ),
      ),
    ),
    section(
      `${t('incidents')} (${fmt.int(page.total)})`,
      table(
        [
          { label: 'ID', value: (i) => h('a', { href: `/console/incidents?id=${i.id}` }, i.id) },
          { label: t('title'), value: (i) => i.title },
          { label: t('severity'), value: (i) => badge(i.severity, i.severity.toLowerCase()) },
          { label: t('status'), value: (i) => badge(t(`status.${i.status}`), i.status) },
          { label: t('detectedAt'), value: (i) => fmt.dateTime(i.detectedAt) },
          { label: t('commander'), value: (i) => i.commander || '—' },
        ],
        page.items,
        { empty: t('noIncidents') },
      ),
    ),
    isAdmin ? declareForm() : null,
  );
}

function declareForm() {
  const form = h(
    'form',
    {
      class: 'panel stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const old = form.querySelector('.notice');
        if (old) old.remove();
        try {
          const created = await api('/admin/incidents', {
            method: 'POST',
            body: {
              title: form.title.value.trim(),
              severity: form.severity.value,
              ...(form.summary.value.trim() ? { summary: form.summary.value.trim() } : {}),
            },
          });
          navigate({ id: created.id, status: null });
        } catch (error) {
          form.append(notice(error.message, 'error'));
        }
      },
    },
    h('h2', null, t('declare')),
    field(t('title'), h('input', { name: 'title', required: true, maxlength: 200, size: 40 })),
    field(
      t('severity'),
      h(
        'select',
        { name: 'severity' },
        SEVERITIES.map((s) => h('option', { value: s, selected: s === 'SEV-3' }, s)),
      ),
    ),
    field(t('summary'), h('textarea', { name: 'summary', rows: 3, cols: 40 })),
    h('button', { type: 'submit' }, t('declare')),
  );
  return form;
}

async function detail(content, id) {
  const lang = param('pmlang') === 'zh' ? 'zh' : 'en';
  const [incident, postmortem] = await Promise.all([
    api(`/admin/incidents/${encodeURIComponent(id)}`),
    api(`/admin/incidents/${encodeURIComponent(id)}/postmortem?lang=${lang}`),
  ]);
  const base = `/admin/incidents/${encodeURIComponent(id)}`;
  const moves = isAdmin
    ? h(
        'div',
        { class: 'actions', role: 'group', 'aria-label': t('moveTo') },
        MOVES[incident.status].map((to) =>
          action(
            h('button', { type: 'button', 'data-status': to }, `${t('moveTo')} ${t(`status.${to}`)}`),
            () => api(`${base}/status`, { method: 'POST', body: { status: to } }),
          ),
        ),
      )
    : null;

  const note = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api(`${base}/timeline`, { method: 'POST', body: { message: note.message.value } });
          navigate({});
        } catch (error) {
          note.append(notice(error.message, 'error'));
        }
      },
    },
    field(t('addNote'), h('textarea', { name: 'message', rows: 2, cols: 50, required: true })),
    h('button', { type: 'submit' }, t('addNote')),
  );

  content.append(
    h('p', null, h('a', { href: '/console/incidents' }, `← ${t('incidents')}`)),
    h(
      'article',
      { class: 'panel' },
      h(
        'h2',
        null,
        `${incident.id} · ${incident.title} `,
        badge(incident.severity, incident.severity.toLowerCase()),
        ' ',
        badge(t(`status.${incident.status}`), incident.status),
      ),
      incident.summary ? h('p', null, incident.summary) : null,
      h(
        'dl',
        null,
        h('dt', null, t('detectedAt')),
        h('dd', null, fmt.dateTime(incident.detectedAt)),
        h('dt', null, t('commander')),
        h('dd', null, incident.commander || '—'),
        incident.resolvedAt
          ? [h('dt', null, t('resolvedAt')), h('dd', null, fmt.dateTime(incident.resolvedAt))]
          : null,
      ),
      moves,
    ),
    h(
      'div',
      { class: 'grid2' },
      section(
        t('timeline'),
        h(
          'ol',
          { class: 'timeline' },
          incident.timeline.map((e) =>
            h(
              'li',
              null,
              h('time', { datetime: e.at }, fmt.dateTime(e.at)),
              ' ',
              h('strong', null, e.author),
              ` · ${e.kind}: `,
              e.message,
            ),
          ),
        ),
        isAdmin ? note : null,
      ),
      section(
        t('checklist'),
        h(
          'ul',
          { class: 'checklist' },
          incident.checklist.map((item) => {
            const box = h('input', {
              type: 'checkbox',
              id: `item-${item.id}`,
              checked: item.checked,
              disabled: item.checked || !isAdmin,
            });
            box.addEventListener('change', async () => {
              box.disabled = true;
              try {
                await api(`${base}/checklist/${item.id}/check`, { method: 'POST' });
                navigate({});
              } catch (error) {
                box.disabled = false;
                box.checked = false;
                box.parentElement.append(notice(error.message, 'error'));
              }
            });
            return h(
              'li',
              null,
              box,
              h('label', { for: `item-${item.id}` }, item.label),
              item.checked ? h('small', null, ` ${item.checkedBy} · ${fmt.dateTime(item.checkedAt)}`) : null,
            );
          }),
        ),
      ),
    ),
    section(
      t('postmortem'),
      h(
        'div',
        { class: 'row' },
        h(
          'a',
          { href: `?id=${encodeURIComponent(id)}&pmlang=en`, 'aria-current': lang === 'en' ? 'true' : null },
          'English',
        ),
        h(
          'a',
          {
            href: `?id=${encodeURIComponent(id)}&pmlang=zh`,
            'aria-current': lang === 'zh' ? 'true' : null,
            lang: 'zh-CN',
          },
          '中文',
        ),
        downloadLink(
          t('downloadMarkdown'),
          `postmortem-${incident.id}-${lang}.md`,
          postmortem,
          'text/markdown',
        ),
      ),
      h('pre', { class: 'markdown', tabindex: 0 }, postmortem),
    ),
  );
}
