// Shared helpers of the console pages: the JSON API with the session cookie, DOM building, number and
// date formatting for people, and the URL as the one place that holds the range, zone and filters.
import { t } from './i18n.js';

const body = document.body;
export const ctx = {
  page: body.dataset.page,
  role: body.dataset.role,
  csrf: body.dataset.csrf,
  reportTz: body.dataset.reportTz || 'UTC',
  lang: document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en',
};
export const isAdmin = ctx.role === 'admin';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls /api/v1<path> with the session cookie; writes carry the CSRF token. */
export async function api(path, { method = 'GET', body: payload } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = ctx.csrf;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    // Always the current numbers: no conditional GET answered 304 from a cached copy.
    cache: 'no-store',
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  if (res.status === 401) {
    location.assign(`/console/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, t('signedOut'));
  }
  if (!res.ok) {
    let message = res.statusText;
    try {
      message = (await res.json()).message || message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(res.status, message);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** document.createElement with attributes, listeners (onclick...) and children. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

// ---- formatting -------------------------------------------------------------------------------

const numberFormat = new Intl.NumberFormat(ctx.lang);
const oneDecimal = new Intl.NumberFormat(ctx.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(ctx.lang, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
export const DASH = '—';

export const fmt = {
  int: (n) => (n === null || n === undefined ? DASH : numberFormat.format(n)),
  /** A share 0..1 as a percentage with one decimal. */
  pct: (share) => (share === null || share === undefined ? DASH : percent.format(share)),
  one: (n) => (n === null || n === undefined ? DASH : oneDecimal.format(n)),
  /** NPS points, signed, one decimal. */
  nps: (n) => (n === null || n === undefined ? DASH : `${n > 0 ? '+' : ''}${oneDecimal.format(n)}`),
  date: (iso, tz = zone()) =>
    iso
      ? new Intl.DateTimeFormat(ctx.lang, {
          timeZone: tz,
          year: 'numeric',
          month: 'short',
          day: 'numeric',
        }).format(new Date(iso))
      : DASH,
  dateTime: (iso, tz = zone()) =>
    iso
      ? new Intl.DateTimeFormat(ctx.lang, {
          timeZone: tz,
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        }).format(new Date(iso))
      : DASH,
  duration(seconds) {
    if (seconds === null || seconds === undefined) return DASH;
    if (seconds < 60) return `${oneDecimal.format(seconds)} ${t('unit.s')}`;
    if (seconds < 3600) return `${oneDecimal.format(seconds / 60)} ${t('unit.min')}`;
    if (seconds < 86400) return `${oneDecimal.format(seconds / 3600)} ${t('unit.h')}`;
    return `${oneDecimal.format(seconds / 86400)} ${t('unit.d')}`;
  },
};

// ---- URL state --------------------------------------------------------------------------------

export function param(name, fallback = '') {
  const value = new URLSearchParams(location.search).get(name);
  return value === null || value === '' ? fallback : value;
}

let rerender = () => {};
export function onNavigate(fn) {
  rerender = fn;
}

/** Changes URL parameters (a history entry, so Back restores the view) and redraws the page. */
export function navigate(changes, { replace = false } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, String(value));
  }
  const query = params.toString();
  const url = `${location.pathname}${query ? `?${query}` : ''}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  rerender();
}

/** Links between pages keep the shared range and zone. */
export function pageLink(path, extra = {}) {
  const params = new URLSearchParams();
  for (const key of ['range', 'from', 'to', 'tz']) {
    const value = param(key);
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, String(value));
  const query = params.toString();
  return `${path}${query ? `?${query}` : ''}`;
}

/** The IANA zone dates are shown in: ?tz=, else REPORT_TIMEZONE. */
export function zone() {
  const tz = param('tz');
  try {
    if (tz) new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz || ctx.reportTz;
  } catch {
    return ctx.reportTz;
  }
}

const DAY_MS = 86_400_000;
export const RANGES = ['7d', '30d', '90d'];

/** Offset (ms) of a zone at an instant. */
function offsetAt(ms, tz) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - ms;
}

/** The instant of local midnight of a YYYY-MM-DD day in a zone (DST-correct). */
export function zonedMidnight(day, tz) {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetAt(guess, tz);
  return new Date(guess - offsetAt(first, tz));
}

/** The time range of the URL: ?range=7d|30d|90d (default 30d) or ?from=&to= days in the zone. */
export function range(defaultRange = '30d') {
  const tz = zone();
  const from = param('from');
  const to = param('to');
  if (/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to) {
    const end = zonedMidnight(to, tz);
    return { from: zonedMidnight(from, tz), to: new Date(end.getTime() + DAY_MS), label: `${from} – ${to}` };
  }
  const preset = RANGES.includes(param('range')) ? param('range') : defaultRange;
  const days = Number(preset.slice(0, -1));
  const now = new Date();
  return { from: new Date(now.getTime() - days * DAY_MS), to: now, label: t(`range.${preset}`), preset };
}

export function rangeQuery(r = range()) {
  return `from=${encodeURIComponent(r.from.toISOString())}&to=${encodeURIComponent(r.to.toISOString())}`;
}

// ---- building blocks --------------------------------------------------------------------------

/** The shared range and zone picker; its state lives in the URL. */
export function rangeBar() {
  const current = range();
  const tzInput = h('input', {
    id: 'tz',
    name: 'tz',
    value: zone(),
    list: 'tz-list',
    size: 22,
    autocomplete: 'off',
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const select = h(
    'select',
    { id: 'range', name: 'range' },
    RANGES.map((r) => h('option', { value: r, selected: current.preset === r }, t(`range.${r}`))),
    h('option', { value: 'custom', selected: !current.preset }, t('range.custom')),
  );
  const from = h('input', { type: 'date', id: 'from', name: 'from', value: param('from') });
  const to = h('input', { type: 'date', id: 'to', name: 'to', value: param('to') });
  const custom = h(
    'span',
    { class: 'custom', hidden: Boolean(current.preset) },
    h('label', { for: 'from' }, t('from')),
    from,
    h('label', { for: 'to' }, t('to')),
    to,
  );
  select.addEventListener('change', () => {
    custom.hidden = select.value !== 'custom';
  });
  return h(
    'form',
    {
      class: 'range-bar',
      'aria-label': t('range.label'),
      onsubmit: (event) => {
        event.preventDefault();
        const isCustom = select.value === 'custom';
        navigate({
          range: isCustom ? null : select.value,
          from: isCustom ? from.value : null,
          to: isCustom ? to.value : null,
          tz: tzInput.value.trim() === ctx.reportTz ? null : tzInput.value.trim(),
          cursor: null,
        });
      },
    },
    h('label', { for: 'range' }, t('range.label')),
    select,
    custom,
    h('label', { for: 'tz' }, t('zone')),
    tzInput,
    h(
      'datalist',
      { id: 'tz-list' },
      zones.map((z) => h('option', { value: z })),
    ),
    h('button', { type: 'submit' }, t('apply')),
  );
}

export function card(label, value, detail, attrs = {}) {
  return h(
    'div',
    { class: 'card', ...attrs },
    h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value', 'data-value': '' }, value),
    detail ? h('div', { class: 'card-detail' }, detail) : null,
  );
}

export function section(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', null, title), ...children);
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A download link for a text made in the page (a table's CSV). */
export function downloadLink(label, filename, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  return h('a', { href: url, download: filename, class: 'download' }, label);
}

/**
 * A table: columns [{label, value(row) -> text or Node, csv?(row) -> raw}], with a CSV of exactly
 * what it shows when `csv` names a file.
 */
export function table(columns, rows, { caption, csv, empty } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty || t('empty'));
  const tableEl = h(
    'table',
    null,
    caption ? h('caption', null, caption) : null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          null,
          columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.value(row))),
        ),
      ),
    ),
  );
  const wrap = h('div', { class: 'table-wrap' }, tableEl);
  if (!csv) return wrap;
  const lines = [columns.map((c) => csvCell(c.label)).join(',')].concat(
    rows.map((row) =>
      columns
        .map((c) => {
          const raw = c.csv ? c.csv(row) : c.value(row);
          return csvCell(raw instanceof Node ? raw.textContent : raw);
        })
        .join(','),
    ),
  );
  return h('div', null, wrap, downloadLink(t('csv'), csv, `${lines.join('\n')}\n`));
}

/** A message area for the result of an action. */
export function notice(text, kind = 'info') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function errorBox(error) {
  return notice(`${t('error')}: ${error.message}`, 'error');
}

/** Runs an action from a button: disables it meanwhile, shows failures next to it, then redraws. */
export function action(button, run, { confirmText } = {}) {
  button.addEventListener('click', async () => {
    if (confirmText && !window.confirm(confirmText)) return;
    button.disabled = true;
    const old = button.parentElement.querySelector('.notice');
    if (old) old.remove();
    try {
      await run();
      rerender();
    } catch (error) {
      button.disabled = false;
      button.after(errorBox(error));
    }
  });
  return button;
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || text}` }, text);
}

/** Fields of a form as an object. */
export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

export function field(label, input, help) {
  const id = input.id || `f-${input.name}`;
  input.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    help ? h('small', null, help) : null,
  );
}
