/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); the flags keep it quiet, offline and sandbox-free in CI. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Written by every run, never committed (.gitignore); a few are copied to docs/console/. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '.screenshots', 'console');

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far (tests assert it stays empty). */
  problems: string[];
}

/** A page that records every console error, uncaught exception and CSP violation. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  // Runs through the DevTools protocol, so the page's CSP does not apply to this listener itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

/** Waits until the page module has drawn `times` times (body[data-ready]) and the charts are drawn. */
export async function drawn(page: Page, times = 1): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.ready ?? 0) >= n, times, { timeout: 20000 });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('figure.chart-figure')].every((f) => (f as HTMLElement).dataset.drawn),
    null,
    { timeout: 20000 },
  );
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations of the current page (WCAG 2.1 A/AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol: an inline <script> would (rightly) be refused by the CSP.
  await page.evaluate(`${AXE_SOURCE}\n;true`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
