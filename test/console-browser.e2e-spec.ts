/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { ApiKeyService } from '@app/auth';
import { TestApp, createTestApp } from './utils/test-app';
import {
  WatchedPage,
  axeViolations,
  drawn,
  launchChromium,
  screenshot,
  watchedPage,
} from './utils/console-browser';

/**
 * The console in a real Chromium against the real app, PostgreSQL and Redis: sign-in, every page
 * showing the numbers the JSON API answers, the on-call actions, the viewer's limits, sign-out,
 * revocation, CSRF, console errors/CSP violations, axe-core and the keyboard.
 */
const DAY_MS = 86_400_000;
const PAGES = [
  'overview',
  'nps',
  'funnel',
  'activity',
  'feedback',
  'experiments',
  'alerts',
  'incidents',
  'reports',
  'admin',
];
const int = (n: number) => new Intl.NumberFormat('en').format(n);
const one = (n: number) =>
  new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
const pct = (share: number) =>
  new Intl.NumberFormat('en', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
const nps = (n: number) => `${n > 0 ? '+' : ''}${one(n)}`;

describe('web console in Chromium (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let adminKey: string;
  let viewerKey: string;
  let ingestKey: string;
  let admin: BrowserContext;
  let adminPage: WatchedPage;

  const api = (path: string) =>
    request(base).get(`/api/v1${path}`).set('Authorization', `Bearer ${adminKey}`);
  const post = (path: string, body: object, key = adminKey) =>
    request(base).post(`/api/v1${path}`).set('Authorization', `Bearer ${key}`).send(body);

  async function seed(): Promise<void> {
    const now = Date.now();
    const events: object[] = [];
    for (let u = 0; u < 60; u += 1) {
      const day = new Date(now - (u % 20) * DAY_MS - 3600_000).getTime();
      const at = (minutes: number) => new Date(day + minutes * 60_000).toISOString();
      events.push({ userId: `user-${u}`, event: 'view_landing', timestamp: at(0) });
      if (u % 3 !== 0) events.push({ userId: `user-${u}`, event: 'click_signup', timestamp: at(5) });
      if (u % 3 === 1)
        events.push({ userId: `user-${u}`, event: 'complete_registration', timestamp: at(12) });
      if (u % 6 === 1) events.push({ userId: `user-${u}`, event: 'first_purchase', timestamp: at(40) });
    }
    await post('/events', events, ingestKey).expect(202);
    const reasons = ['Fast and clear', 'Too slow at checkout', '结账太慢了', 'Okay overall', '很好用，推荐'];
    for (let u = 0; u < 25; u += 1) {
      await post(
        '/nps',
        { userId: `user-${u}`, score: (u * 7) % 11, reason: reasons[u % reasons.length] },
        ingestKey,
      ).expect(201);
    }
    const feedback = [
      ['bug', 'The export button is broken again, very frustrating'],
      ['feature', 'Please add a dark mode'],
      ['improvement', '导出功能很好用，谢谢'],
      ['bug', '页面加载太慢，经常超时'],
    ];
    for (const [type, message] of feedback) await post('/feedback', { type, message }, ingestKey).expect(201);
    await post('/admin/alerts', {
      labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout' },
      annotations: { summary: 'Checkout errors above 5%' },
    }).expect(201);
    await post('/admin/alerts', {
      labels: { alertname: 'SlowSearch', severity: 'warning', service: 'search' },
      annotations: { summary: 'Search p95 above 2 s' },
    }).expect(201);
    await post('/admin/experiments', {
      key: 'checkout-button',
      description: 'Green or blue checkout button',
      variants: [
        { key: 'control', weight: 50 },
        { key: 'green', weight: 50 },
      ],
      primaryEvent: 'first_purchase',
    }).expect(201);
    await post('/admin/experiments/checkout-button/start', {}).expect(200);
    for (let u = 0; u < 40; u += 1) {
      await request(base)
        .get(`/api/v1/experiments/checkout-button/assignment?userId=exp-${u}`)
        .set('Authorization', `Bearer ${ingestKey}`)
        .expect(200);
    }
    await post(
      '/events',
      Array.from({ length: 12 }, (_, u) => ({ userId: `exp-${u}`, event: 'first_purchase' })),
      ingestKey,
    ).expect(202);
    await post('/admin/jobs/daily-report/run', {}).expect(200);
  }

  async function signIn(context: BrowserContext, key: string): Promise<WatchedPage> {
    const watched = await watchedPage(context);
    await watched.page.goto(`${base}/console/sign-in`);
    await watched.page.fill('#key', key);
    await watched.page.press('#key', 'Enter');
    await watched.page.waitForURL(`${base}/console/`);
    await drawn(watched.page);
    return watched;
  }

  async function open(watched: WatchedPage, path: string): Promise<Page> {
    await watched.page.goto(`${base}${path}`);
    await drawn(watched.page);
    return watched.page;
  }

  const figure = (page: Page, name: string) => page.textContent(`[data-figure="${name}"] [data-value]`);
  /** Text of the cells of one column of the first table in a section (by its heading). */
  const column = (page: Page, index: number, within = '#content') =>
    page.$$eval(`${within} .table-wrap tbody tr td:nth-child(${index})`, (cells) =>
      cells.map((c) => c.textContent?.trim()),
    );

  beforeAll(async () => {
    t = await createTestApp({ label: 'console-browser', env: { API_KEY_CACHE_TTL_SECONDS: '0' } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const keys = t.app.get(ApiKeyService);
    adminKey = (await keys.create({ name: 'ops-lead', role: 'admin' })).key;
    viewerKey = (await keys.create({ name: 'pm-anna', role: 'viewer' })).key;
    ingestKey = (await keys.create({ name: 'web', role: 'ingest' })).key;
    await seed();
    browser = await launchChromium();
    admin = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    adminPage = await signIn(admin, adminKey);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // Every test leaves the admin page free of console errors and CSP violations.
    expect(adminPage.problems).toEqual([]);
  });

  it('explains a wrong key on the sign-in page, and lands on the console with a right one', async () => {
    const context = await browser.newContext();
    const watched = await watchedPage(context);
    await watched.page.goto(`${base}/`);
    expect(watched.page.url()).toBe(`${base}/console/sign-in?next=%2Fconsole%2F`);
    await watched.page.fill('#key', 'pk_this-is-not-a-key');
    await watched.page.click('button[type=submit]');
    await watched.page.waitForSelector('#sign-in-error:not(:empty)');
    expect(await watched.page.textContent('#sign-in-error')).toContain('unknown, revoked or expired');
    expect(await axeViolations(watched.page)).toEqual([]);
    await screenshot(watched.page, 'sign-in-wrong-key');
    // The browser logs the 401 of the failed sign-in; nothing else may appear.
    expect(watched.problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
    await context.close();
  });

  it("leads the Slack message's Full report link through sign-in to the report", async () => {
    const { periodStart } = (await api('/admin/reports/daily').expect(200)).body.items[0];
    const context = await browser.newContext();
    const watched = await watchedPage(context);
    await watched.page.goto(`${base}/console/reports?kind=daily&date=${periodStart}`);
    expect(watched.page.url()).toContain('/console/sign-in?next=');
    await watched.page.fill('#key', viewerKey);
    await watched.page.press('#key', 'Enter');
    await watched.page.waitForURL(`${base}/console/reports?kind=daily&date=${periodStart}`);
    await drawn(watched.page);
    expect(await watched.page.inputValue('#report-date')).toBe(periodStart);
    expect(await watched.page.$$('#content section table')).not.toHaveLength(0);
    expect(watched.problems).toEqual([]);
    await context.close();
  });

  it('shows every page without console errors, CSP violations or serious axe violations', async () => {
    for (const name of PAGES) {
      const page = await open(adminPage, name === 'overview' ? '/console/' : `/console/${name}`);
      expect(await page.textContent('h1')).toBeTruthy();
      expect(await page.$('#content .notice.error')).toBeNull();
      expect([name, await axeViolations(page)]).toEqual([name, []]);
      await screenshot(page, `${name}-1280`);
    }
    const narrow = await admin.newPage();
    await narrow.setViewportSize({ width: 390, height: 844 });
    for (const name of ['overview', 'nps', 'funnel', 'incidents']) {
      await narrow.goto(`${base}${name === 'overview' ? '/console/' : `/console/${name}`}`);
      await drawn(narrow);
      // Usable at 390 px: nothing wider than the screen but the scrollable tables.
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect([name, overflow]).toEqual([name, 0]);
      await screenshot(narrow, `${name}-390`);
    }
    await narrow.close();
  }, 300_000);

  it('shows the numbers the JSON API answers', async () => {
    const now = Date.now();
    const range30 = `from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;

    let page = await open(adminPage, '/console/');
    const active = (await api(`/admin/reports/active-users?${range30}`).expect(200)).body;
    const last = active.days[active.days.length - 1];
    expect(await figure(page, 'dau')).toBe(int(last.dau));
    expect(await figure(page, 'mau')).toBe(int(last.mau));
    const nps30 = (await api(`/admin/reports/nps?${range30}&interval=month`).expect(200)).body.overall;
    expect(await figure(page, 'nps')).toBe(nps(nps30.nps));
    expect(await figure(page, 'alerts-P0')).toBe('1');
    expect(await figure(page, 'alerts-P1')).toBe('1');

    page = await open(adminPage, '/console/nps');
    const npsReport = (await api(`/admin/reports/nps?${range30}&interval=week`).expect(200)).body.overall;
    expect(npsReport.responses).toBe(25);
    expect(await figure(page, 'nps')).toBe(nps(npsReport.nps));
    expect(await figure(page, 'responses')).toBe(int(25));
    expect(await figure(page, 'promoters')).toBe(pct(npsReport.shares.promoters));
    expect(await page.textContent('.verbatims')).toContain('结账太慢了');
    await page.click('button.chip:has-text("Detractors")');
    await drawn(page, 2);
    const scores = await page.$$eval('.verbatims .score', (els) => els.map((e) => Number(e.textContent)));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((s) => s <= 6)).toBe(true);
    expect(page.url()).toContain('category=detractor');

    page = await open(adminPage, '/console/funnel');
    const funnel = (await api(`/admin/reports/funnel?${range30}`).expect(200)).body;
    expect(await column(page, 2)).toEqual(funnel.steps.map((s: { users: number }) => int(s.users)));
    expect(await column(page, 3)).toEqual(
      funnel.steps.map((s: { conversionFromPrevious: number }) => pct(s.conversionFromPrevious)),
    );
    expect(funnel.steps[0].users).toBe(60);

    page = await open(adminPage, '/console/funnel?steps=view_landing,click_signup&window=1h');
    const short = (
      await api(`/admin/reports/funnel?${range30}&steps=view_landing,click_signup&window=1h`).expect(200)
    ).body;
    expect(await column(page, 2)).toEqual(short.steps.map((s: { users: number }) => int(s.users)));

    page = await open(adminPage, '/console/activity');
    const activation = (await api(`/admin/reports/activation?${range30}&interval=day`).expect(200)).body;
    expect(await figure(page, 'activation')).toBe(activation.rate === null ? '—' : pct(activation.rate));
    expect(await figure(page, 'wau')).toBe(int(last.wau));

    page = await open(adminPage, '/console/feedback');
    const inbox = (await api('/admin/feedback?limit=25').expect(200)).body;
    expect(await page.$$eval('#content tbody tr', (rows) => rows.length)).toBe(inbox.items.length);
    expect(await page.textContent('#content table')).toContain('页面加载太慢，经常超时');
    await page.selectOption('select[name=sentiment]', 'negative');
    await page.click('form.filters button[type=submit]');
    await drawn(page, 2);
    const negative = (await api('/admin/feedback?sentiment=negative&limit=25').expect(200)).body;
    expect(await page.$$eval('#content tbody tr', (rows) => rows.length)).toBe(negative.items.length);
    await page.click('#content tbody tr:first-child a');
    await page.waitForURL(/[?&]id=/);
    await drawn(page);
    expect(await page.textContent('.feedback-detail .message')).toBe(negative.items[0].message);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('id'));
    await drawn(page);
    expect(page.url()).toContain('sentiment=negative');
    expect(await page.$$eval('#content tbody tr', (rows) => rows.length)).toBe(negative.items.length);

    page = await open(adminPage, '/console/experiments?key=checkout-button');
    const results = (await api('/admin/experiments/checkout-button/results').expect(200)).body;
    expect(results.totalExposures).toBe(40);
    expect(await page.textContent('article.panel')).toContain(`Exposures: ${int(40)}`);
    const exposed = await page.$$eval(
      '#content section:nth-of-type(1) .table-wrap tbody tr td:nth-child(2)',
      (cells) => cells.map((c) => c.textContent),
    );
    expect(exposed).toEqual(results.primary.variants.map((v: { exposed: number }) => int(v.exposed)));

    page = await open(adminPage, '/console/reports');
    const daily = (await api('/admin/reports/daily').expect(200)).body.items.sort(
      (a: { periodStart: string }, b: { periodStart: string }) => b.periodStart.localeCompare(a.periodStart),
    );
    expect(daily.length).toBeGreaterThan(0);
    expect(await page.inputValue('#report-date')).toBe(daily[0].periodStart);
    const markdown = await api(`/admin/reports/daily/${daily[0].periodStart}.md`).expect(200);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a.download:has-text("Download Markdown")'),
    ]);
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe(markdown.text);
  }, 120_000);

  it('acknowledges an alert and creates and expires a silence from the UI', async () => {
    const page = await open(adminPage, '/console/alerts?status=firing');
    await page.click('tr:has-text("CheckoutErrors") button[data-action=ack]');
    await drawn(page, 2);
    const acked = (await api('/admin/alerts?name=CheckoutErrors').expect(200)).body.items[0];
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ops-lead' });

    await page.fill('textarea[name=matchers]', 'service="search"');
    await page.waitForSelector('.preview:has-text("Would silence 1 open alert")');
    await page.fill('input[name=comment]', 'search reindex tonight');
    await page.click('#silence-form button[type=submit]');
    await drawn(page, 3);
    const { items: silences, total } = (await api('/admin/silences').expect(200)).body;
    expect(total).toBe(1);
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({
      state: 'active',
      createdBy: 'ops-lead',
      comment: 'search reindex tonight',
    });
    expect(await page.textContent('#content')).toContain('search reindex tonight');
    await page.click('button[data-action=expire]');
    await drawn(page, 4);
    expect((await api(`/admin/silences/${silences[0].id}`).expect(200)).body.state).toBe('expired');
  }, 60_000);

  it('declares an incident, moves it through its statuses, ticks the checklist and downloads the post-mortem', async () => {
    let page = await open(adminPage, '/console/incidents');
    await page.fill('input[name=title]', 'Checkout errors after deploy');
    await page.selectOption('select[name=severity]', 'SEV-2');
    await page.click('form.panel button[type=submit]');
    await drawn(page, 2);
    const id = new URL(page.url()).searchParams.get('id')!;
    expect(id).toBeTruthy();
    // Only the allowed moves are offered.
    expect(await page.$$eval('[data-status]', (b) => b.map((x) => x.getAttribute('data-status')))).toEqual([
      'identified',
      'monitoring',
      'resolved',
    ]);
    let draws = 2;
    for (const status of ['identified', 'monitoring', 'resolved', 'closed']) {
      await page.click(`[data-status=${status}]`);
      draws += 1;
      await drawn(page, draws);
    }
    await page.fill('textarea[name=message]', 'Rolled back the deploy');
    await page.click('form.stack button[type=submit]');
    draws += 1;
    await drawn(page, draws);
    await page.check('.checklist input[type=checkbox]:not([disabled])');
    draws += 1;
    await drawn(page, draws);
    const incident = (await api(`/admin/incidents/${id}`).expect(200)).body;
    expect(incident.status).toBe('closed');
    expect(
      incident.timeline.some(
        (e: { message: string; author: string }) =>
          e.message === 'Rolled back the deploy' && e.author === 'ops-lead',
      ),
    ).toBe(true);
    expect(incident.checklist.filter((i: { checked: boolean }) => i.checked)).toHaveLength(1);
    expect(await page.$$('[data-status]')).toHaveLength(0);

    page = await open(adminPage, `/console/incidents?id=${id}&pmlang=zh`);
    const expected = (await api(`/admin/incidents/${id}/postmortem?lang=zh`).expect(200)).text;
    expect(await page.textContent('pre.markdown')).toBe(expected);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.download')]);
    expect(download.suggestedFilename()).toBe(`postmortem-${id}-zh.md`);
    expect(readFileSync(await download.path(), 'utf8')).toBe(expected);
    await screenshot(page, 'incident-detail');
  }, 60_000);

  it('creates a key (shown once) and revokes it from the admin page', async () => {
    const page = await open(adminPage, '/console/admin');
    await page.fill('input[name=name]', 'grafana-reader');
    await page.selectOption('select[name=role]', 'viewer');
    await page.click('form.stack button[type=submit]');
    await page.waitForSelector('#new-key');
    const key = (await page.textContent('#new-key'))!;
    expect(key).toMatch(/^pk_/);
    await request(base).get('/api/v1/admin/reports/nps').set('Authorization', `Bearer ${key}`).expect(200);
    await page.reload();
    await drawn(page);
    expect(await page.$('#new-key')).toBeNull(); // shown once
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('button[data-revoke="grafana-reader"]');
    await drawn(page, 2);
    await request(base).get('/api/v1/admin/reports/nps').set('Authorization', `Bearer ${key}`).expect(401);
  }, 60_000);

  it('gives a viewer no write controls, refuses a forced write, and ends the session on revocation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await signIn(context, viewerKey);
    expect(await viewer.page.$('a[data-nav=admin]')).toBeNull();
    const adminPage403 = await open(viewer, '/console/admin');
    expect(await adminPage403.textContent('#content')).toContain('admin keys only');
    for (const path of ['/console/alerts', '/console/incidents', '/console/experiments']) {
      const page = await open(viewer, path);
      expect([
        path,
        await page.$$('#content button[data-action], #content form.panel, #silence-form'),
      ]).toEqual([path, []]);
    }
    const incidents = (await api('/admin/incidents').expect(200)).body.items;
    const page = await open(viewer, `/console/incidents?id=${incidents[0].id}`);
    expect(await page.$$('[data-status], textarea[name=message]')).toHaveLength(0);
    await screenshot(page, 'viewer-incident');
    // A hand-made write with the session cookie and the right CSRF token: still 403 for a viewer.
    const csrf = await page.evaluate(() => document.body.dataset.csrf);
    const forced = await context.request.post(`${base}/api/v1/admin/incidents`, {
      headers: { 'X-CSRF-Token': csrf!, Origin: base },
      data: { title: 'forced', severity: 'SEV-4' },
    });
    expect(forced.status()).toBe(403);
    expect(viewer.problems).toEqual([]);

    const id = (await api('/admin/api-keys').expect(200)).body.items.find(
      (k: { name: string }) => k.name === 'pm-anna',
    ).id;
    await request(base)
      .delete(`/api/v1/admin/api-keys/${id}`)
      .set('Authorization', `Bearer ${adminKey}`)
      .expect(204);
    await viewer.page.goto(`${base}/console/nps`);
    expect(viewer.page.url()).toBe(`${base}/console/sign-in?next=%2Fconsole%2Fnps`);
    await context.close();
  }, 60_000);

  it('refuses a cross-origin form POST that carries the session cookie', async () => {
    const before = (await api('/admin/incidents').expect(200)).body.total;
    // Another origin (same site: 127.0.0.1, another port), so SameSite alone would let the cookie through.
    // A form carrying a body is refused as not JSON (415) before the Origin check; an empty form
    // reaches it (sign-out takes no body) and must meet the Origin check's 403.
    const attacker: Server = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        req.url === '/sign-out'
          ? `<form id="f" method="post" action="${base}/console/sign-out"></form>
        <script>document.getElementById('f').submit()</script>`
          : `<form id="f" method="post" action="${base}/api/v1/admin/incidents" enctype="text/plain">
        <input name='{"title":"pwned","severity":"SEV-1","x":"' value='"}'></form>
        <script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const evilOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const evil = await admin.newPage();

    const write = evil.waitForResponse((r) => r.url().endsWith('/api/v1/admin/incidents'));
    await evil.goto(`${evilOrigin}/`);
    const written = await write;
    expect([403, 415]).toContain(written.status());
    expect((await api('/admin/incidents').expect(200)).body.total).toBe(before);

    const signOut = evil.waitForResponse((r) => r.url().endsWith('/console/sign-out'));
    await evil.goto(`${evilOrigin}/sign-out`);
    const signedOut = await signOut;
    expect(signedOut.status()).toBe(403);
    expect((await signedOut.json()).message).toMatch(/Cross-origin/);
    // The session survived: the admin's page still loads signed in.
    const page = await open(adminPage, '/console/incidents');
    expect(page.url()).toBe(`${base}/console/incidents`);
    await evil.close();
    attacker.close();
  });

  it('works with the keyboard: skip link, navigation, filters', async () => {
    const page = await open(adminPage, '/console/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.focus('a[data-nav=funnel]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/console/funnel`);
    await drawn(page);
    await page.focus('#range');
    await page.keyboard.press('ArrowDown'); // 30 → 90 days
    await page.focus('form.range-bar button[type=submit]');
    await page.keyboard.press('Enter');
    await drawn(page, 2);
    expect(page.url()).toContain('range=90d');
    await page.focus('button.link#sign-out');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-out');
  });

  it('switches to Simplified Chinese and keeps the numbers', async () => {
    const page = await open(adminPage, '/console/nps?lang=zh-CN');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('h1')).toBe('NPS');
    expect(await page.textContent('a[data-nav=funnel]')).toBe('转化漏斗');
    expect(await page.textContent('[data-figure="responses"] .card-label')).toBe('答卷数');
    await screenshot(page, 'nps-zh');
    const again = await open(adminPage, '/console/funnel'); // the choice is remembered
    expect(await again.textContent('h1')).toBe('转化漏斗');
    await open(adminPage, '/console/?lang=en');
  });

  it('signs out and the cookie no longer opens anything', async () => {
    const cookies = await admin.cookies();
    const session = cookies.find((c) => c.name === 'pulse_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    const page = await open(adminPage, '/console/');
    await page.click('#sign-out');
    await page.waitForURL(`${base}/console/sign-in`);
    await request(base)
      .get('/api/v1/admin/incidents')
      .set('Cookie', `pulse_session=${session.value}`)
      .expect(401);
  });
});
