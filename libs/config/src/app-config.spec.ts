import { ConfigValidationError, loadConfig } from './index';

describe('loadConfig', () => {
  it('reads event retention and per-job cron overrides', () => {
    expect(loadConfig({}).activity.eventsRetentionDays).toBe(100);
    expect(() => loadConfig({ EVENTS_RETENTION_DAYS: '7' })).toThrow('EVENTS_RETENTION_DAYS');
    expect(
      loadConfig({ JOBS_CRON: 'business-rules=*/2 * * * * *; housekeeping=0 0 4 * * *' }).jobs.cron,
    ).toEqual({
      'business-rules': '*/2 * * * * *',
      housekeeping: '0 0 4 * * *',
    });
    expect(() => loadConfig({ JOBS_CRON: 'no-equals-sign' })).toThrow('JOBS_CRON must be name=cron');
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.app.port).toBe(3000);
    expect(config.app.env).toBe('development');
    expect(config.redis.keyPrefix).toBe('pulse:');
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./data');
    expect(config.logging).toMatchObject({ level: 'info', dir: './logs' });
    expect(config.jobs.enabled).toBe(true);
    expect(config.reports.timeZone).toBe('UTC');
    expect(config.notifications.pagerdutyEventsUrl).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it('names the variable, the rule and the value in one line', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      'PORT must be an integer between 1 and 65535, got "abc"',
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(
      'NODE_ENV must be one of development, production, test, got "staging"',
    );
    expect(() => loadConfig({ REPORT_TIMEZONE: 'Mars/Olympus' })).toThrow('REPORT_TIMEZONE must be an IANA');
    expect(() => loadConfig({ JOBS_ENABLED: 'maybe' })).toThrow('JOBS_ENABLED must be true or false');
  });

  it('never echoes secrets or URLs that may hold credentials', () => {
    const attempt = () =>
      loadConfig({ BOOTSTRAP_ADMIN_KEY: 'short-secret', DATABASE_URL: 'mysql://u:hunter2@db/x' });
    expect(attempt).toThrow('BOOTSTRAP_ADMIN_KEY must be at least 32 characters, got 12');
    expect(attempt).toThrow('DATABASE_URL must be a URL with protocol postgres or postgresql');
    expect(attempt).not.toThrow(/hunter2|short-secret/);
  });

  it('refuses debug logging in production unless forced', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'debug' })).toThrow('LOG_LEVEL');
    expect(
      loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'debug', LOG_FORCE_VERBOSE: 'true' }).logging.level,
    ).toBe('debug');
  });

  it('parses lists and trust proxy settings', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'a:7000, b:7001', TRUST_PROXY: '1', JOBS_ONLY: 'x,y' });
    expect(config.redis.clusterNodes).toEqual(['a:7000', 'b:7001']);
    expect(config.app.trustProxy).toBe(1);
    expect(config.jobs.only).toEqual(['x', 'y']);
  });

  it('reads the activity funnel, activation window and label lists', () => {
    expect(loadConfig({}).activity.funnelSteps).toEqual([
      'view_landing',
      'click_signup',
      'complete_registration',
      'first_purchase',
    ]);
    const config = loadConfig({ ACTIVITY_FUNNEL_STEPS: 'a, b', ACTIVATION_WINDOW_HOURS: '48' });
    expect(config.activity).toMatchObject({ funnelSteps: ['a', 'b'], activationWindowHours: 48 });
    expect(() => loadConfig({ ACTIVATION_WINDOW_HOURS: '0' })).toThrow('ACTIVATION_WINDOW_HOURS');
  });

  it('reads the incident checklist as a | list and the post-mortem language', () => {
    expect(loadConfig({}).incidents).toEqual({ checklist: undefined, postmortemLanguage: 'en' });
    const config = loadConfig({
      INCIDENT_CHECKLIST: ' Page on-call | | Open a bridge, then wait ',
      POSTMORTEM_LANGUAGE: 'zh',
    });
    expect(config.incidents).toEqual({
      checklist: ['Page on-call', 'Open a bridge, then wait'],
      postmortemLanguage: 'zh',
    });
    expect(() => loadConfig({ POSTMORTEM_LANGUAGE: 'fr' })).toThrow(
      'POSTMORTEM_LANGUAGE must be one of en, zh, got "fr"',
    );
  });

  it('reads the SRM deviation margin of experiment results', () => {
    expect(loadConfig({}).experiments).toEqual({ srmMinDeviation: 0.01 });
    expect(loadConfig({ EXPERIMENT_SRM_MIN_DEVIATION: '0.02' }).experiments.srmMinDeviation).toBe(0.02);
    expect(() => loadConfig({ EXPERIMENT_SRM_MIN_DEVIATION: '2' })).toThrow('EXPERIMENT_SRM_MIN_DEVIATION');
  });
});
