// Admin: API keys (a new key is shown once; revoke) and scheduled jobs (last run, next run, run now).
import { action, api, badge, field, fmt, h, isAdmin, notice, section, table } from './core.js';
import { t } from './i18n.js';

const ROLES = ['viewer', 'admin', 'ingest', 'alertmanager'];

export async function render(content) {
  if (!isAdmin) {
    content.append(notice(t('adminOnly'), 'warn'));
    return;
  }
  const [keys, jobs] = await Promise.all([api('/admin/api-keys'), api('/admin/jobs')]);
  const shown = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        shown.replaceChildren();
        try {
          const created = await api('/admin/api-keys', {
            method: 'POST',
            body: { name: form.name.value.trim(), role: form.role.value },
          });
          const output = h('output', { class: 'secret', id: 'new-key', tabindex: 0 }, created.key);
          shown.append(
            h(
              'div',
              { class: 'banner ok', role: 'status' },
              h('p', null, t('keyShownOnce').replace('{name}', created.name).replace('{role}', created.role)),
              output,
              h(
                'button',
                { type: 'button', onclick: () => navigator.clipboard?.writeText(created.key) },
                t('copy'),
              ),
            ),
          );
          form.reset();
          const list = await api('/admin/api-keys');
          keyTable.replaceWith((keyTable = keysTable(list.items)));
          output.focus();
        } catch (error) {
          shown.append(notice(error.message, 'error'));
        }
      },
    },
    h('h3', null, t('newKey')),
    field(t('name'), h('input', { name: 'name', required: true, maxlength: 100, size: 24 })),
    field(
      t('role'),
      h(
        'select',
        { name: 'role' },
        ROLES.map((r) => h('option', { value: r }, r)),
      ),
    ),
    h('button', { type: 'submit' }, t('createKey')),
  );
  let keyTable = keysTable(keys.items);
  content.append(
    section(t('apiKeys'), shown, keyTable, form),
    section(
      t('jobs'),
      table(
        [
          { label: t('job'), value: (j) => j.name },
          { label: t('schedule'), value: (j) => `${j.schedule} (${j.timeZone})` },
          { label: t('lastRun'), value: (j) => fmt.dateTime(j.lastRunAt) },
          {
            label: t('result'),
            value: (j) => (j.lastResult ? badge(t(`result.${j.lastResult}`), j.lastResult) : '—'),
          },
          { label: t('nextRun'), value: (j) => fmt.dateTime(j.nextRunAt) },
          { label: t('lastError'), value: (j) => j.lastError || '' },
          {
            label: '',
            value: (j) =>
              action(
                h(
                  'button',
                  { type: 'button', 'data-job': j.name, disabled: j.running },
                  j.running ? t('running') : t('runNow'),
                ),
                () => api(`/admin/jobs/${encodeURIComponent(j.name)}/run`, { method: 'POST' }),
              ),
          },
        ],
        jobs.jobs,
      ),
    ),
  );
}

function keysTable(items) {
  return table(
    [
      { label: t('name'), value: (k) => k.name },
      { label: t('role'), value: (k) => k.role },
      { label: t('prefix'), value: (k) => h('code', null, `${k.prefix}…`) },
      { label: t('status'), value: (k) => badge(t(`key.${k.status}`), k.status) },
      { label: t('created'), value: (k) => fmt.dateTime(k.createdAt) },
      { label: t('expires'), value: (k) => fmt.dateTime(k.expiresAt) },
      {
        label: '',
        value: (k) =>
          k.status === 'active'
            ? action(
                h('button', { type: 'button', class: 'danger', 'data-revoke': k.name }, t('revoke')),
                () => api(`/admin/api-keys/${k.id}`, { method: 'DELETE' }),
                {
                  confirmText: t('confirmRevoke').replace('{name}', k.name),
                },
              )
            : '',
      },
    ],
    items,
  );
}
