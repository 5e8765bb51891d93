import { CHECKOUT_EXPERIMENT, DemoPlan } from './demo-plan';

const NOW = new Date('2026-12-03T15:30:00.000Z');
const DAY = 86_400_000;

describe('DemoPlan', () => {
  const plan = new DemoPlan({ now: NOW, days: 30 });
  const users = plan.users(2000);
  const lives = users.map((user) => plan.life(user, {}));

  it('is deterministic: the same options give the same data', () => {
    const again = new DemoPlan({ now: NOW, days: 30 });
    expect(again.users(50)).toEqual(users.slice(0, 50));
    expect(again.life(users[7], {})).toEqual(lives[7]);
  });

  it('keeps every event, answer and feedback inside the window and never after now', () => {
    const start = Date.UTC(2026, 10, 4); // 29 days before 2026-12-03
    const times = lives.flatMap((l) => [
      ...l.events.map((e) => e.occurredAt.getTime()),
      ...l.nps.map((a) => a.at.getTime()),
      ...l.feedback.map((f) => f.at.getTime()),
    ]);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    // Nothing older than the API's 30-day limit for events.
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime() - 30 * DAY);
  });

  it('gives unique event ids', () => {
    const ids = lives.flatMap((l) => l.events.map((e) => e.eventId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets more users arrive at the end of the window than at its start', () => {
    const arrivals = users.filter((u) => !u.existing).map((u) => (u.arrivedAt.getTime() - plan.start) / DAY);
    expect(arrivals.filter((d) => d >= 20).length).toBeGreaterThan(arrivals.filter((d) => d < 10).length);
  });

  it('scores NPS lower during the dip than around it', () => {
    const nps = (answers: Array<{ score: number }>) =>
      (100 * (answers.filter((a) => a.score >= 9).length - answers.filter((a) => a.score <= 6).length)) /
      answers.length;
    const answers = lives.flatMap((l) => l.nps);
    const inDip = answers.filter((a) => plan.isDip(Math.floor((a.at.getTime() - plan.start) / DAY)));
    expect(inDip.length).toBeGreaterThan(20);
    expect(nps(inDip)).toBeLessThan(nps(answers.filter((a) => !inDip.includes(a))) - 30);
  });

  it('converts more users to a purchase in the one-click arm', () => {
    const registered = users.filter((u) => u.registeredAt !== null);
    const rate = (variant: string) =>
      registered.filter((u) =>
        plan.life(u, { [CHECKOUT_EXPERIMENT]: variant }).events.some((e) => e.event === 'first_purchase'),
      ).length / registered.length;
    expect(rate('one-click')).toBeGreaterThan(rate('control') * 1.2);
  });
});
