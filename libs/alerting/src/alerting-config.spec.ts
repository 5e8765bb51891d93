import { ConfigValidationError, loadConfig } from '@app/config';

describe('alerting settings', () => {
  it('has the documented defaults', () => {
    const { alerting } = loadConfig({});
    expect(alerting.routes).toEqual({ P0: ['pagerduty', 'slack'], P1: ['slack'], P2: ['digest'], P3: [] });
    expect(alerting.dedupWindowMs).toBe(300_000);
    expect(alerting.repeatIntervalMs).toBe(4 * 3_600_000);
    expect(alerting.escalation.map((l) => [l.level, l.afterMs / 60_000])).toEqual([
      ['L1', 5],
      ['L2', 15],
      ['L3', 30],
    ]);
    expect(alerting.inhibitRules).toEqual([
      {
        sourceMatchers: ['alertname="ServiceDown"'],
        targetMatchers: ['alertname!="ServiceDown"'],
        equal: ['job', 'instance'],
      },
      {
        sourceMatchers: ['severity="critical"'],
        targetMatchers: ['severity="warning"'],
        equal: ['alertname', 'job', 'instance'],
      },
    ]);
    expect(alerting.alertmanager).toEqual({
      url: undefined,
      repeatIntervalMs: 4 * 3_600_000,
      timeoutMs: 3000,
    });
  });

  it('reads routes, escalation targets and inhibition rules', () => {
    const { alerting } = loadConfig({
      ALERT_ROUTES: 'P1:slack+webhook,P3:none',
      ALERT_ESCALATION_L2_TARGETS: 'slack:https://hooks.example/l2,pagerduty:key-2',
      ALERT_INHIBIT_RULES:
        '[{"source_matchers":["alertname=\\"A\\""],"target_matchers":["severity=~\\"warn.*\\""],"equal":["job"]}]',
    });
    expect(alerting.routes.P1).toEqual(['slack', 'webhook']);
    expect(alerting.escalation[1].targets).toEqual([
      { channel: 'slack', target: 'https://hooks.example/l2' },
      { channel: 'pagerduty', target: 'key-2' },
    ]);
    expect(alerting.inhibitRules[0]).toEqual({
      sourceMatchers: ['alertname="A"'],
      targetMatchers: ['severity=~"warn.*"'],
      equal: ['job'],
    });
  });

  it.each([
    ['ALERT_ROUTES', 'P9:slack'],
    ['ALERT_ROUTES', 'P0:email'],
    ['ALERT_ESCALATION_MINUTES', '15,5'],
    ['ALERT_ESCALATION_L1_TARGETS', 'sms:123'],
    ['ALERT_INHIBIT_RULES', '{"not":"an array"}'],
    ['ALERT_INHIBIT_RULES', '[{"source_matchers":["alertname"]}]'],
    ['ALERT_RULES_DISABLED', 'activation,nope'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
