import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '@app/config';

/**
 * ops/ agrees with the code: Alertmanager's inhibition and grouping with Pulse's defaults, recording.yml's
 * job list with the jobs the code schedules, and RUNBOOK.md's tables and sections with both.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const yaml = <T>(path: string) => load(read(path)) as T;

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Route {
  receiver: string;
  matchers?: string[];
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}
const rules = (path: string) =>
  yaml<{ groups: Array<{ rules: Rule[] }> }>(path).groups.flatMap((g) => g.rules);
const alertmanager = yaml<{
  route: Route;
  inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[]; equal: string[] }>;
}>('ops/alertmanager/alertmanager.yml');
const runbook = read('ops/RUNBOOK.md');

function seconds(duration: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every `@ScheduledJob({ name, cron })` in libs/ and apps/. */
function scheduledJobs(): Map<string, string> {
  const jobs = new Map<string, string>();
  const pattern = /@ScheduledJob\(\{\s*name:\s*'([^']+)',\s*cron:\s*'([^']+)'/g;
  for (const file of [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))]) {
    for (const [, name, cron] of readFileSync(file, 'utf8').matchAll(pattern)) jobs.set(name, cron);
  }
  return jobs;
}

/** The period of the cron shapes the code uses (6 fields, seconds first). */
function cronPeriodSeconds(cron: string): number {
  const [, minute, hour, , , weekday] = cron.split(' ');
  if (weekday !== '*') return 7 * 86400;
  if (hour !== '*') return 86400;
  if (minute === '*') return 60;
  const step = /^\*\/(\d+)$/.exec(minute);
  return step ? Number(step[1]) * 60 : 3600;
}

/** Rows of the first markdown table after `heading`, as arrays of trimmed cells (header and rule skipped). */
function tableAfter(heading: string): string[][] {
  const start = runbook.indexOf(heading);
  if (start < 0) throw new Error(`RUNBOOK.md has no "${heading}"`);
  const lines = runbook.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('ops/ agrees with the code', () => {
  const config = loadConfig({});

  it("Pulse's default inhibition rules are Alertmanager's", () => {
    expect(
      config.alerting.inhibitRules.map((rule) => ({
        source_matchers: rule.sourceMatchers,
        target_matchers: rule.targetMatchers,
        equal: rule.equal,
      })),
    ).toEqual(alertmanager.inhibit_rules);
    for (const rule of alertmanager.inhibit_rules) expect(rule.equal).toContain('job');
  });

  it('Pulse hears a resolve within half the first escalation delay, and knows the repeat interval', () => {
    const groupInterval = seconds(alertmanager.route.group_interval ?? '5m');
    expect(groupInterval * 1000).toBeLessThanOrEqual(config.alerting.escalation[0].afterMs / 2);
    expect(seconds(alertmanager.route.repeat_interval ?? '4h') * 1000).toBe(
      config.alerting.alertmanager.repeatIntervalMs,
    );
  });

  it('recording.yml lists exactly the scheduled jobs of the code, with their periods', () => {
    const recorded = new Map(
      rules('ops/prometheus/recording.yml')
        .filter((rule) => rule.record === 'pulse:scheduled_job_interval_seconds')
        .map((rule) => [rule.labels?.exported_job, Number(/^vector\((\d+)\)$/.exec(rule.expr)?.[1])]),
    );
    const code = new Map([...scheduledJobs()].map(([name, cron]) => [name, cronPeriodSeconds(cron)]));
    expect(code.size).toBeGreaterThan(5);
    expect(Object.fromEntries(recorded)).toEqual(Object.fromEntries(code));
  });

  it("RUNBOOK's job table lists the same jobs, schedules and periods as the code", () => {
    const code = scheduledJobs();
    const rows = tableAfter('### ScheduledJobNotSucceeding');
    const table = new Map(rows.filter((r) => r[0].startsWith('`')).map((r) => [r[0].replace(/`/g, ''), r]));
    expect([...table.keys()].sort()).toEqual([...code.keys()].sort());
    for (const [name, cron] of code) expect(table.get(name)?.[1]).toBe(`\`${cron}\``);
  });

  it("RUNBOOK's escalation table and acknowledgement deadline match ALERT_ESCALATION_MINUTES", () => {
    const minutes = config.alerting.escalation.map((level) => level.afterMs / 60_000);
    const levels = tableAfter('| level ');
    expect(levels.map((row) => [row[0], row[2]])).toEqual([
      ['L1', `${minutes[0]} min after the page`],
      ['L2', `${minutes[1]} min`],
      ['L3', `${minutes[2]} min`],
    ]);
    expect(runbook).toContain(`Acknowledge a P0 alert within ${minutes[0]} minutes`);
  });

  it('RUNBOOK states the report schedule the code uses', () => {
    const code = scheduledJobs();
    expect(code.get('weekly-report')).toBe('0 0 17 * * 5');
    expect(code.get('daily-report')).toBe('0 0 18 * * *');
    expect(runbook).toContain('Weekly report** arrived (Friday 17:00, `REPORT_TIMEZONE`)');
    expect(runbook).toContain('Daily report** arrived (18:00, `REPORT_TIMEZONE`)');
  });

  it('every alert of alerts.yml and every business rule has its RUNBOOK section and runbook_url', () => {
    const alerts = rules('ops/prometheus/alerts.yml').filter((rule) => rule.alert);
    for (const rule of alerts) {
      const name = rule.alert as string;
      expect(runbook).toMatch(new RegExp(`^### ${name}$`, 'm'));
      expect(rule.annotations?.runbook_url).toBe(
        `{{ $externalLabels.runbook_base }}/ops/RUNBOOK.md#${name.toLowerCase()}`,
      );
    }
    const business = [
      ...read('libs/alerting/src/rules/business-rules.ts').matchAll(/'([A-Z]\w+)',\s*'P[0-3]'/g),
    ];
    expect(business.length).toBe(5);
    for (const [, name] of business) expect(runbook).toMatch(new RegExp(`^### ${name}$`, 'm'));
    for (const section of ['Pulse will not start', 'Outbox dead letters', 'Silences: which, where']) {
      expect(runbook).toMatch(new RegExp(`^### ${section}$`, 'm'));
    }
    expect(runbook).not.toMatch(/DESIGN\.md/);
  });
});
