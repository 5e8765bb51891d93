import { JobLockService } from './job-lock.service';
import { JobRunner } from './job-runner.service';
import { JobStateRepository } from './job-state.repository';
import { JobStatusService } from './job-status.service';

describe('JobStatusService next runs', () => {
  const jobs = [{ name: 'every-second', cron: '* * * * * *', timeZone: 'UTC' }];
  const service = new JobStatusService(
    { list: () => jobs, isScheduledHere: () => true } as unknown as JobRunner,
    { findAll: async () => new Map() } as unknown as JobStateRepository,
    { isLocked: async () => false } as unknown as JobLockService,
  );
  const nextRun = async () => Date.parse((await service.list())[0].nextRunAt!);

  it('gives the next run in the future, and a later one once it has passed', async () => {
    const asked = Date.now();
    const first = await nextRun();
    expect(first).toBeGreaterThan(asked);
    expect(first).toBeLessThanOrEqual(Date.now() + 1000); // the next second, not a later one
    await new Promise((resolve) => setTimeout(resolve, first - Date.now() + 20));
    const askedAgain = Date.now();
    const second = await nextRun();
    expect(second).toBeGreaterThan(askedAgain);
    expect(second).toBeGreaterThan(first);
  });

  it('follows a changed schedule', async () => {
    await nextRun();
    jobs[0] = { name: 'every-second', cron: '0 0 0 1 1 *', timeZone: 'UTC' };
    expect(new Date(await nextRun()).toISOString()).toMatch(/-01-01T00:00:00\.000Z$/);
  });
});
