// Feedback inbox: filters in the URL, keyset pages (Next keeps the cursor, Back returns), a detail view.
import { api, badge, field, fmt, h, navigate, param, range, rangeBar, table } from './core.js';
import { t } from './i18n.js';

const TYPES = ['bug', 'feature', 'improvement', 'other'];
const SENTIMENTS = ['positive', 'neutral', 'negative'];

export async function render(content) {
  const id = param('id');
  if (id) return detail(content, id);
  const r = range();
  const type = TYPES.includes(param('type')) ? param('type') : '';
  const sentiment = SENTIMENTS.includes(param('sentiment')) ? param('sentiment') : '';
  const q = param('q');
  const cursor = param('cursor');
  const query = new URLSearchParams({ from: r.from.toISOString(), to: r.to.toISOString(), limit: '25' });
  if (type) query.set('type', type);
  if (sentiment) query.set('sentiment', sentiment);
  if (q) query.set('q', q);
  if (cursor) query.set('cursor', cursor);
  const page = await api(`/admin/feedback?${query}`);

  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        const form = event.target;
        navigate({
          type: form.type.value,
          sentiment: form.sentiment.value,
          q: form.q.value.trim(),
          cursor: null,
        });
      },
    },
    field(
      t('type'),
      h(
        'select',
        { name: 'type' },
        h('option', { value: '' }, t('all')),
        TYPES.map((v) => h('option', { value: v, selected: v === type }, t(`type.${v}`))),
      ),
    ),
    field(
      t('sentiment'),
      h(
        'select',
        { name: 'sentiment' },
        h('option', { value: '' }, t('all')),
        SENTIMENTS.map((v) => h('option', { value: v, selected: v === sentiment }, t(`sentiment.${v}`))),
      ),
    ),
    field(t('search'), h('input', { name: 'q', type: 'search', value: q, size: 24 })),
    h('button', { type: 'submit' }, t('apply')),
  );

  content.append(
    rangeBar(),
    filters,
    table(
      [
        { label: t('received'), value: (f) => fmt.dateTime(f.createdAt), csv: (f) => f.createdAt },
        { label: t('type'), value: (f) => t(`type.${f.type}`), csv: (f) => f.type },
        {
          label: t('sentiment'),
          value: (f) => badge(t(`sentiment.${f.sentiment.label}`), f.sentiment.label),
          csv: (f) => f.sentiment.label,
        },
        {
          label: t('message'),
          value: (f) =>
            h(
              'a',
              {
                href: `/console/feedback?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(location.search)), id: f.id })}`,
              },
              f.message.length > 140 ? `${f.message.slice(0, 140)}…` : f.message,
            ),
          csv: (f) => f.message,
        },
      ],
      page.items,
      { csv: 'feedback.csv', empty: t('noFeedback') },
    ),
    h(
      'nav',
      { class: 'pager', 'aria-label': t('pages') },
      cursor ? h('button', { type: 'button', onclick: () => history.back() }, t('previous')) : null,
      page.nextCursor
        ? h('button', { type: 'button', onclick: () => navigate({ cursor: page.nextCursor }) }, t('next'))
        : null,
    ),
  );
}

async function detail(content, id) {
  const item = await api(`/admin/feedback/${encodeURIComponent(id)}`);
  const back = new URLSearchParams(location.search);
  back.delete('id');
  content.append(
    h('p', null, h('a', { href: `/console/feedback?${back}` }, `← ${t('backToInbox')}`)),
    h(
      'article',
      { class: 'panel feedback-detail' },
      h('h2', null, `${t(`type.${item.type}`)} · ${fmt.dateTime(item.createdAt)}`),
      h('p', { class: 'message', lang: /[\u4e00-\u9fff]/.test(item.message) ? 'zh-CN' : 'en' }, item.message),
      h(
        'dl',
        null,
        h('dt', null, t('sentiment')),
        h(
          'dd',
          null,
          badge(t(`sentiment.${item.sentiment.label}`), item.sentiment.label),
          ` ${fmt.one(item.sentiment.score)}`,
        ),
        h('dt', null, t('user')),
        h('dd', null, item.userId || '—'),
        h('dt', null, 'ID'),
        h('dd', null, item.id),
      ),
      h('h3', null, t('metadata')),
      table(
        [
          { label: t('key'), value: ([k]) => k },
          { label: t('value'), value: ([, v]) => (typeof v === 'string' ? v : JSON.stringify(v)) },
        ],
        Object.entries(item.metadata || {}),
        { empty: t('noMetadata') },
      ),
    ),
  );
}
