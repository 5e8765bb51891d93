// Entry module: picks the page module from <body data-page>, draws it, redraws on Back/Forward.
import { ctx, errorBox, h, onNavigate } from './core.js';
import { t } from './i18n.js';
import * as signIn from './signin.js';
import * as overview from './overview.js';
import * as nps from './nps.js';
import * as funnel from './funnel.js';
import * as activity from './activity.js';
import * as feedback from './feedback.js';
import * as experiments from './experiments.js';
import * as alerts from './alerts.js';
import * as incidents from './incidents.js';
import * as reports from './reports.js';
import * as admin from './admin.js';

const PAGES = { overview, nps, funnel, activity, feedback, experiments, alerts, incidents, reports, admin };

async function draw() {
  const content = document.getElementById('content');
  const page = PAGES[ctx.page];
  content.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')));
  content.setAttribute('aria-busy', 'true');
  const fresh = h('div');
  try {
    await page.render(fresh);
  } catch (error) {
    fresh.replaceChildren(errorBox(error));
  }
  content.replaceChildren(...fresh.childNodes);
  content.removeAttribute('aria-busy');
  document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
}

function signOutButton() {
  const button = document.getElementById('sign-out');
  if (!button) return;
  button.addEventListener('click', async () => {
    button.disabled = true;
    await fetch('/console/sign-out', {
      method: 'POST',
      headers: { 'X-CSRF-Token': ctx.csrf },
      credentials: 'same-origin',
    });
    location.assign('/console/sign-in');
  });
}

if (ctx.page === 'sign-in') {
  signIn.start();
} else if (PAGES[ctx.page]) {
  signOutButton();
  onNavigate(draw);
  window.addEventListener('popstate', () => void draw());
  void draw();
}
