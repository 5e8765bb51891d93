import type { ValidatedEvent } from '@app/activity';
import type { FeedbackType, NpsCategory } from '@app/feedback';
import { FEEDBACK_TEXTS, NPS_REASONS } from './demo-texts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The demo experiments: the checkout one has a real lift, the onboarding one none. */
export const CHECKOUT_EXPERIMENT = 'demo-checkout-cta';
export const ONBOARDING_EXPERIMENT = 'demo-onboarding-tour';
/** Created last, in draft: its presence tells a later run that a complete seed is already there. */
export const MARKER_EXPERIMENT = 'demo-pricing-page';

export type Variants = Partial<Record<string, string | null>>;

export interface DemoWindow {
  now: Date;
  days: number;
}

export interface DemoUser {
  index: number;
  userId: string;
  /** Existing users registered before the window; new ones arrive during it through the funnel. */
  existing: boolean;
  /** First landing (new users) or the start of the window (existing ones). */
  arrivedAt: Date;
  registeredAt: Date | null;
}

export interface PlannedNps {
  at: Date;
  userId: string;
  score: number;
  reason: string | null;
}

export interface PlannedFeedback {
  at: Date;
  userId: string;
  type: FeedbackType;
  message: string;
}

export interface UserLife {
  events: ValidatedEvent[];
  nps: PlannedNps[];
  feedback: PlannedFeedback[];
}

/** Deterministic pseudo-random numbers (mulberry32): the same options seed the same data. */
export function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const exponential = (random: () => number, mean: number): number => -Math.log(1 - random()) * mean;

function weighted<T extends string>(random: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  let left = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, weight] of entries) if ((left -= weight) < 0) return key;
  return entries[entries.length - 1][0];
}

const SOURCES = { organic: 5, google: 4, direct: 3, referral: 2, ads: 2, email: 1, linkedin: 1 };
const LOGIN_METHODS = { password: 6, google: 3, github: 1, sso: 1 };
const SESSION_EVENTS = ['page_view', 'page_view', 'report_viewed', 'feature_used', 'search'];
/** Share of sessions by UTC hour: quiet nights, a busy afternoon. */
const HOURLY = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1];

/**
 * The demo story over the window, day by day: users arrive (more each week) and walk the funnel,
 * return with a fading probability, answer NPS and send feedback on their active days. NPS drifts
 * up over the window except for a three-day checkout outage ("the dip", from 55% of the window on)
 * where purchases halve, bugs are reported and detractors pile up.
 */
export class DemoPlan {
  readonly start: number;
  readonly dipStart: number | null;

  constructor(readonly window: DemoWindow) {
    const today = Date.UTC(window.now.getUTCFullYear(), window.now.getUTCMonth(), window.now.getUTCDate());
    this.start = today - (window.days - 1) * DAY;
    this.dipStart = window.days >= 7 ? Math.floor(window.days * 0.55) : null;
  }

  dayStart(day: number): number {
    return this.start + day * DAY;
  }

  isDip(day: number): boolean {
    return this.dipStart !== null && day >= this.dipStart && day < this.dipStart + 3;
  }

  /** Target NPS of a day: from +10 to +40 across the window, about −30 during the dip. */
  npsTarget(day: number): number {
    const drift = this.window.days > 1 ? day / (this.window.days - 1) : 1;
    return 10 + 30 * drift - (this.isDip(day) ? 60 : 0);
  }

  private dayOf(at: number): number {
    return Math.floor((at - this.start) / DAY);
  }

  private weekdayFactor(day: number): number {
    const weekday = new Date(this.dayStart(day)).getUTCDay();
    return weekday === 0 || weekday === 6 ? 0.7 : 1;
  }

  /** A session time on the day, following the hourly profile; today only up to now. */
  private timeOn(day: number, random: () => number): number {
    const hour = weighted(random, Object.fromEntries(HOURLY.map((w, h) => [String(h), w])));
    const offset = (Number(hour) + random()) * HOUR;
    const elapsed = this.window.now.getTime() - this.dayStart(day);
    return this.dayStart(day) + (elapsed < DAY ? (offset / DAY) * Math.max(elapsed - MINUTE, 0) : offset);
  }

  /** Who the users are and when they arrive and register (what the experiments' exposures need). */
  users(count: number): DemoUser[] {
    const { days } = this.window;
    const arrivalWeights = Object.fromEntries(
      Array.from({ length: days }, (_, d) => [
        String(d),
        (1 + (1.5 * d) / Math.max(days - 1, 1)) * this.weekdayFactor(d),
      ]),
    );
    return Array.from({ length: count }, (_, index) => {
      const random = randomSequence(index * 7919 + 1);
      const userId = `demo-user-${index}`;
      if (random() < 0.35) {
        return { index, userId, existing: true, arrivedAt: new Date(this.start), registeredAt: null };
      }
      const arrived = this.timeOn(Number(weighted(random, arrivalWeights)), random);
      const clicked = arrived + 20_000 + exponential(random, 150_000);
      const registered = clicked + 60_000 + exponential(random, 300_000);
      const registers = random() < 0.55 && random() < 0.7 && registered < this.window.now.getTime();
      return {
        index,
        userId,
        existing: false,
        arrivedAt: new Date(arrived),
        registeredAt: registers ? new Date(registered) : null,
      };
    });
  }

  /** Everything the user does in the window, given the variants they were assigned. */
  life(user: DemoUser, variants: Variants): UserLife {
    const random = randomSequence(user.index * 104_729 + 17);
    const now = this.window.now.getTime();
    const events: ValidatedEvent[] = [];
    const event = (name: string, at: number, properties: Record<string, unknown> = {}) => {
      if (at <= now) {
        const eventId = `demo:${user.index}:${events.length}`;
        events.push({ eventId, userId: user.userId, event: name, occurredAt: new Date(at), properties });
      }
    };
    const activeDays: number[] = [];
    let firstDay = 0;
    if (!user.existing) {
      firstDay = this.dayOf(user.arrivedAt.getTime());
      activeDays.push(firstDay);
      this.funnel(user, variants, random, event);
    }
    const registered = user.existing || user.registeredAt !== null;
    for (let day = firstDay + (user.existing ? 0 : 1); day < this.window.days; day++) {
      const since = day - firstDay;
      const chance = user.existing
        ? 0.35
        : registered
          ? 0.1 + 0.45 * Math.exp(-since / 5)
          : since <= 7
            ? 0.04
            : 0;
      if (random() >= chance * this.weekdayFactor(day)) continue;
      activeDays.push(day);
      let at = this.timeOn(day, random);
      if (registered) event('user_logged_in', at, { method: weighted(random, LOGIN_METHODS) });
      else event('view_landing', at);
      for (let i = 1 + Math.floor(random() * 5); i > 0; i--) {
        at += 15_000 + exponential(random, 120_000);
        event(pick(random, SESSION_EVENTS), at);
      }
    }
    return {
      events,
      nps: registered ? this.npsAnswer(user, activeDays, random) : [],
      feedback: this.feedback(user, activeDays, random),
    };
  }

  private funnel(
    user: DemoUser,
    variants: Variants,
    random: () => number,
    event: (name: string, at: number, properties?: Record<string, unknown>) => void,
  ): void {
    const arrived = user.arrivedAt.getTime();
    event('view_landing', arrived);
    if (!user.registeredAt) {
      // Some visitors click sign-up and give up on the form.
      if (random() < 0.3) event('click_signup', arrived + 20_000 + exponential(random, 150_000));
      return;
    }
    const registered = user.registeredAt.getTime();
    event('click_signup', arrived + (registered - arrived) * 0.35);
    event('complete_registration', registered);
    event('user_registered', registered, { source: weighted(random, SOURCES) });
    const activation = variants[ONBOARDING_EXPERIMENT] === 'tour' ? 0.64 : 0.62;
    if (random() < activation) {
      // Most activate the same day (inside the 24 h activation window); some only later.
      const delay =
        random() < 0.8 ? 5 * MINUTE + exponential(random, 3 * HOUR) : 26 * HOUR + exponential(random, DAY);
      event('user_activated', registered + delay);
    }
    const purchase =
      (variants[CHECKOUT_EXPERIMENT] === 'one-click' ? 0.44 : 0.3) *
      (this.isDip(this.dayOf(registered)) ? 0.5 : 1);
    if (random() < purchase) event('first_purchase', registered + 5 * MINUTE + exponential(random, 6 * HOUR));
  }

  /** About a third of registered users answer the survey once, on one of their active days. */
  private npsAnswer(user: DemoUser, activeDays: number[], random: () => number): PlannedNps[] {
    const eligible = user.existing ? activeDays : activeDays.slice(1);
    if (eligible.length === 0 || random() >= 0.45) return [];
    // Unhappy users answer more readily: a dip day is three times as likely to be the day of the answer.
    const day = Number(
      weighted(random, Object.fromEntries(eligible.map((d) => [String(d), this.isDip(d) ? 3 : 1]))),
    );
    const target = this.npsTarget(day) / 100;
    const category = weighted<NpsCategory>(random, {
      promoter: (0.75 + target) / 2,
      passive: 0.25,
      detractor: (0.75 - target) / 2,
    });
    const score =
      category === 'promoter'
        ? 9 + Math.floor(random() * 2)
        : category === 'passive'
          ? 7 + Math.floor(random() * 2)
          : Math.min(6, Math.floor(exponential(random, 2.5) + 2));
    const reasons = NPS_REASONS[category];
    const reason = random() < 0.6 ? pick(random, random() < 0.25 ? reasons.zh : reasons.en) : null;
    return [{ at: new Date(this.timeOn(day, random)), userId: user.userId, score, reason }];
  }

  /** Feedback on some active days; bug reports pile up during the dip. */
  private feedback(user: DemoUser, activeDays: number[], random: () => number): PlannedFeedback[] {
    const items: PlannedFeedback[] = [];
    for (const day of activeDays) {
      const dip = this.isDip(day);
      if (random() >= (dip ? 0.08 : 0.025)) continue;
      const type = weighted<FeedbackType>(
        random,
        dip
          ? { bug: 70, feature: 10, improvement: 10, other: 10 }
          : { bug: 30, feature: 25, improvement: 28, other: 17 },
      );
      const texts = FEEDBACK_TEXTS[type];
      const message = pick(random, random() < 0.25 ? texts.zh : texts.en);
      items.push({ at: new Date(this.timeOn(day, random)), userId: user.userId, type, message });
    }
    return items;
  }
}
