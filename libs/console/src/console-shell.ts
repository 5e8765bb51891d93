import type { ApiKeyPrincipal } from '@app/auth';
import type { ConsoleAssets } from './console-assets';
import { Language, PAGES, PageName, SHELL_TEXT } from './console-i18n';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The strict policy of every console page: scripts and styles only from this origin (no inline
 * script at all), no frames, no plug-ins, forms and fetches to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

interface ShellInput {
  assets: ConsoleAssets;
  lang: Language;
  reportTimeZone: string;
  /** Query string of the current URL, kept by the language switch. */
  search: string;
}

function head(input: ShellInput, title: string): string {
  const { assets } = input;
  return `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Pulse</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets.url('uPlot.min.css')}">
<link rel="stylesheet" href="${assets.url('console.css')}">
<script src="${assets.url('uPlot.iife.min.js')}" defer></script>
<script type="module" src="${assets.url('app.js')}"></script>
</head>`;
}

function languageSwitch(input: ShellInput): string {
  const t = SHELL_TEXT[input.lang];
  const params = new URLSearchParams(input.search);
  params.set('lang', input.lang === 'en' ? 'zh-CN' : 'en');
  const label = input.lang === 'en' ? '中文' : 'English';
  return `<a class="lang" href="?${escapeHtml(params.toString())}" hreflang="${input.lang === 'en' ? 'zh-CN' : 'en'}" aria-label="${t.language}: ${label}">${label}</a>`;
}

/** A signed-in page: navigation, who is signed in, and an empty main the page's module fills. */
export function renderPage(
  input: ShellInput & { page: PageName; principal: ApiKeyPrincipal; csrfToken: string },
): string {
  const t = SHELL_TEXT[input.lang];
  const nav = PAGES.filter((page) => page !== 'admin' || input.principal.role === 'admin')
    .map((page) => {
      const href = page === 'overview' ? '/console/' : `/console/${page}`;
      const current = page === input.page ? ' aria-current="page"' : '';
      return `<li><a href="${href}"${current} data-nav="${page}">${t.pages[page]}</a></li>`;
    })
    .join('');
  return `${head(input, t.pages[input.page])}
<body data-page="${input.page}" data-role="${input.principal.role}" data-csrf="${escapeHtml(input.csrfToken)}" data-report-tz="${escapeHtml(input.reportTimeZone)}">
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
<a class="brand" href="/console/">Pulse</a>
<nav aria-label="${t.nav}"><ul>${nav}</ul></nav>
<div class="who">
<span>${t.signedInAs} <strong>${escapeHtml(input.principal.name)}</strong> <span class="role">${input.principal.role}</span></span>
<span class="tz" title="${t.reportZone}">${t.reportZone}: ${escapeHtml(input.reportTimeZone)}</span>
${languageSwitch(input)}
<button type="button" id="sign-out" class="link">${t.signOut}</button>
</div>
</header>
<main id="main" tabindex="-1">
<h1>${t.pages[input.page]}</h1>
<div id="content"></div>
</main>
</body>
</html>
`;
}

export function renderSignIn(input: ShellInput & { next: string }): string {
  const t = SHELL_TEXT[input.lang];
  return `${head(input, t.signInTitle)}
<body data-page="sign-in" data-next="${escapeHtml(input.next)}">
<main id="main" class="sign-in">
<div class="lang-row">${languageSwitch(input)}</div>
<h1>${t.signInTitle}</h1>
<form id="sign-in-form" method="post" action="/console/session" novalidate>
<label for="key">${t.keyLabel}</label>
<input id="key" name="key" type="password" autocomplete="current-password" required aria-describedby="key-help sign-in-error" autofocus>
<p id="key-help" class="help">${escapeHtml(t.signInHelp)}</p>
<p id="sign-in-error" class="error" role="alert"></p>
<button type="submit">${t.signIn}</button>
</form>
</main>
</body>
</html>
`;
}
