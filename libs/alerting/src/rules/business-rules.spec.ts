import {
  activationRateRule,
  dauDropRule,
  funnelStepRules,
  negativeFeedbackRule,
  npsDropRule,
} from './business-rules';

describe('business rules', () => {
  describe('activation rate (P0)', () => {
    const options = { dropPercent: 50, minRegistrations: 20 };
    it('fires when the rate halves and more', () => {
      const v = activationRateRule(
        { numerator: 4, denominator: 40 },
        { numerator: 20, denominator: 40 },
        options,
      );
      expect(v.state).toBe('firing');
      expect(v.labels).toMatchObject({ alertname: 'ActivationRateDrop', priority: 'P0' });
    });
    it('stays quiet on a normal hour and on a tiny sample', () => {
      expect(
        activationRateRule({ numerator: 18, denominator: 40 }, { numerator: 20, denominator: 40 }, options)
          .state,
      ).toBe('ok');
      expect(
        activationRateRule({ numerator: 0, denominator: 5 }, { numerator: 5, denominator: 5 }, options).state,
      ).toBe('insufficient');
    });
  });

  describe('funnel step conversion (P2)', () => {
    const steps = ['view', 'signup', 'buy'];
    const options = { dropPercent: 20, minUsers: 50 };
    it('fires only for the step whose conversion fell more than 20%', () => {
      const verdicts = funnelStepRules(
        steps,
        { view: 1000, signup: 300, buy: 100 },
        { view: 1000, signup: 500, buy: 160 },
        options,
      );
      expect(verdicts.map((v) => [v.labels.step, v.state])).toEqual([
        ['signup', 'firing'], // 50% → 30%
        ['buy', 'ok'], // 32% → 33%
      ]);
    });
    it('stays quiet on a tiny sample', () => {
      const verdicts = funnelStepRules(
        steps,
        { view: 10, signup: 1, buy: 0 },
        { view: 10, signup: 5, buy: 4 },
        options,
      );
      expect(verdicts.every((v) => v.state === 'insufficient')).toBe(true);
    });
  });

  describe('negative feedback share (P2)', () => {
    const options = { risePoints: 10, minCount: 30 };
    it('fires when the share rises by more than 10 points', () => {
      expect(
        negativeFeedbackRule({ numerator: 20, denominator: 50 }, { numerator: 40, denominator: 200 }, options)
          .state,
      ).toBe('firing');
    });
    it('stays quiet when normal or tiny', () => {
      expect(
        negativeFeedbackRule({ numerator: 11, denominator: 50 }, { numerator: 40, denominator: 200 }, options)
          .state,
      ).toBe('ok');
      expect(
        negativeFeedbackRule({ numerator: 5, denominator: 5 }, { numerator: 40, denominator: 200 }, options)
          .state,
      ).toBe('insufficient');
    });
  });

  describe('NPS 30 days (P2)', () => {
    const options = { dropPoints: 10, minResponses: 30 };
    it('fires when NPS loses more than 10 points', () => {
      // 50 → 20
      expect(
        npsDropRule(
          { promoters: 40, passives: 40, detractors: 20 },
          { promoters: 60, passives: 30, detractors: 10 },
          options,
        ).state,
      ).toBe('firing');
    });
    it('stays quiet when normal or tiny', () => {
      expect(
        npsDropRule(
          { promoters: 55, passives: 35, detractors: 10 },
          { promoters: 60, passives: 30, detractors: 10 },
          options,
        ).state,
      ).toBe('ok');
      expect(
        npsDropRule(
          { promoters: 0, passives: 0, detractors: 5 },
          { promoters: 60, passives: 30, detractors: 10 },
          options,
        ).state,
      ).toBe('insufficient');
    });
  });

  describe('DAU vs same weekday (P1)', () => {
    const options = { dropPercent: 50, minUsers: 50 };
    it('fires below half of last week', () => {
      expect(dauDropRule(40, 100, options)).toMatchObject({ state: 'firing', labels: { priority: 'P1' } });
    });
    it('stays quiet when normal or tiny', () => {
      expect(dauDropRule(90, 100, options).state).toBe('ok');
      expect(dauDropRule(0, 10, options).state).toBe('insufficient');
    });
  });
});
