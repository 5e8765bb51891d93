import type { AlertInput } from '@app/alerting';
import type { DemoPlan } from './demo-plan';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface AlertStep {
  at: Date;
  input: AlertInput;
  /** Acknowledge right after (by `seed-demo`). */
  acknowledge?: boolean;
}

function alert(
  name: string,
  labels: Record<string, string>,
  summary: string,
  description: string,
): (status: 'firing' | 'resolved', at: number) => AlertInput {
  return (status, at) => ({
    labels: { alertname: name, demo: 'true', ...labels },
    annotations: { summary, description },
    status,
    source: labels.source === 'rule' ? 'rule' : 'alertmanager',
    ...(status === 'firing' ? { startsAt: new Date(at) } : { endsAt: new Date(at) }),
  });
}

/**
 * The alert history that goes with the demo story: the checkout outage (P0, which opens an incident)
 * and the NPS drop during the dip, a short latency alert two days ago, and two alerts open now (one
 * acknowledged). No alert is P0 and firing at the end, so nothing escalates after the seed.
 */
export function demoAlerts(plan: DemoPlan): AlertStep[] {
  const now = plan.window.now.getTime();
  const steps: AlertStep[] = [];
  const add = (at: number, input: AlertInput, acknowledge = false) => {
    if (at <= now) steps.push({ at: new Date(at), input, acknowledge });
  };
  if (plan.dipStart !== null) {
    const dip = plan.dayStart(plan.dipStart);
    const checkout = alert(
      'CheckoutErrorRateHigh',
      { severity: 'critical', service: 'checkout', team: 'payments' },
      'Checkout error rate above 5%',
      'POST /api/checkout answers 5xx for 12% of requests since the payment provider update.',
    );
    add(dip + 9 * HOUR, checkout('firing', dip + 9 * HOUR));
    add(dip + 2 * 24 * HOUR + 15 * HOUR, checkout('resolved', dip + 2 * 24 * HOUR + 15 * HOUR));
    const nps = alert(
      'NpsDropped',
      { severity: 'info', service: 'product', source: 'rule' },
      'NPS of the last 24 h fell by more than 20 points',
      'Detractors mention failed payments.',
    );
    add(dip + 30 * HOUR, nps('firing', dip + 30 * HOUR));
    add(dip + 4 * 24 * HOUR, nps('resolved', dip + 4 * 24 * HOUR));
  }
  const latency = alert(
    'ApiLatencyHigh',
    { severity: 'warning', service: 'api' },
    'p95 latency above 800 ms',
    'GET /api/v1/reports slowed down during the nightly export.',
  );
  const twoDaysAgo = now - 2 * 24 * HOUR;
  add(twoDaysAgo, latency('firing', twoDaysAgo));
  add(twoDaysAgo + 45 * MINUTE, latency('resolved', twoDaysAgo + 45 * MINUTE));
  const disk = alert(
    'DiskSpaceLow',
    { severity: 'warning', service: 'postgres', instance: 'db-1' },
    'Less than 15% disk space left on db-1',
    'The analytics_events table grows by 2 GB a day.',
  );
  add(now - 3 * HOUR, disk('firing', now - 3 * HOUR), true);
  const queue = alert(
    'QueueBacklogGrowing',
    { severity: 'warning', priority: 'P2', service: 'worker' },
    'Outbox backlog above 500 messages',
    'Slack answers slowly; deliveries are retried.',
  );
  add(now - 40 * MINUTE, queue('firing', now - 40 * MINUTE));
  return steps;
}
