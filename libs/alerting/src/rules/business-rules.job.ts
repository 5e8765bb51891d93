import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock } from '@app/clock';
import { ScheduledJob } from '@app/jobs';
import { AlertPipeline } from '../alerts/alert-pipeline.service';
import { AlertStore } from '../alerts/alert.store';
import { fingerprintOf } from '../domain/fingerprint';
import {
  RuleVerdict,
  activationRateRule,
  dauDropRule,
  funnelStepRules,
  negativeFeedbackRule,
  npsDropRule,
} from './business-rules';
import { BusinessRulesRepository } from './business-rules.repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const BUSINESS_RULES = ['activation', 'funnel', 'negative-feedback', 'nps', 'dau'] as const;

/**
 * Every minute (one replica per tick): evaluates the business rules on the product's own data and feeds
 * the verdicts through the alert pipeline: firing raises, healthy resolves an open alert, and too small
 * a sample changes nothing.
 */
@Injectable()
export class BusinessRulesJob {
  private readonly logger = new Logger(BusinessRulesJob.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly data: BusinessRulesRepository,
    private readonly pipeline: AlertPipeline,
    private readonly store: AlertStore,
  ) {}

  @ScheduledJob({ name: 'business-rules', cron: '0 * * * * *' })
  async run(): Promise<RuleVerdict[]> {
    const now = this.clock.now();
    const rules = this.config.alerting.rules;
    const enabled = (name: string) => !rules.disabled.includes(name);
    const verdicts: RuleVerdict[] = [];
    const ago = (ms: number) => new Date(now.getTime() - ms);
    if (enabled('activation')) {
      const [current, baseline] = await Promise.all([
        this.data.activation(ago(HOUR), now),
        this.data.activation(ago(7 * DAY + HOUR), ago(7 * DAY)),
      ]);
      verdicts.push(
        activationRateRule(current, baseline, {
          dropPercent: rules.activationDropPercent,
          minRegistrations: rules.activationMinRegistrations,
        }),
      );
    }
    if (enabled('funnel')) {
      const steps = this.config.activity.funnelSteps;
      const [current, previous] = await Promise.all([
        this.data.distinctUsersByEvent(steps, ago(DAY), now),
        this.data.distinctUsersByEvent(steps, ago(2 * DAY), ago(DAY)),
      ]);
      verdicts.push(
        ...funnelStepRules(steps, current, previous, {
          dropPercent: rules.funnelDropPercent,
          minUsers: rules.funnelMinUsers,
        }),
      );
    }
    if (enabled('negative-feedback')) {
      const [current, baseline] = await Promise.all([
        this.data.negativeFeedback(ago(DAY), now),
        this.data.negativeFeedback(ago(8 * DAY), ago(DAY)),
      ]);
      verdicts.push(
        negativeFeedbackRule(current, baseline, {
          risePoints: rules.negativeFeedbackRisePoints,
          minCount: rules.negativeFeedbackMinCount,
        }),
      );
    }
    if (enabled('nps')) {
      const [current, previous] = await Promise.all([
        this.data.nps(ago(30 * DAY), now),
        this.data.nps(ago(60 * DAY), ago(30 * DAY)),
      ]);
      verdicts.push(
        npsDropRule(current, previous, {
          dropPoints: rules.npsDropPoints,
          minResponses: rules.npsMinResponses,
        }),
      );
    }
    if (enabled('dau')) {
      const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
      const [current, baseline] = await Promise.all([
        this.data.activeUsers(dayStart, now),
        this.data.activeUsers(new Date(dayStart.getTime() - 7 * DAY), ago(7 * DAY)),
      ]);
      verdicts.push(
        dauDropRule(current, baseline, { dropPercent: rules.dauDropPercent, minUsers: rules.dauMinUsers }),
      );
    }
    for (const verdict of verdicts) await this.apply(verdict);
    return verdicts;
  }

  private async apply(verdict: RuleVerdict): Promise<void> {
    if (verdict.state === 'insufficient') return;
    if (verdict.state === 'ok') {
      // Only an open alert needs resolving; a healthy rule otherwise leaves no trace.
      const open = await this.store.list({ fingerprint: fingerprintOf(verdict.labels), limit: 1, offset: 0 });
      if (!open.items[0] || open.items[0].status === 'resolved') return;
    }
    const outcome = await this.pipeline.process({
      labels: verdict.labels,
      annotations: { summary: verdict.summary, description: verdict.description },
      status: verdict.state === 'firing' ? 'firing' : 'resolved',
      source: 'rule',
    });
    if (outcome.notified)
      this.logger.log(`Rule ${verdict.labels.alertname}: ${verdict.state} (${outcome.notified})`);
  }
}
