import { randomUUID } from 'node:crypto';
import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis, { Cluster } from 'ioredis';
import request from 'supertest';
import { ApiKeyService } from '@app/auth';
import { Env } from '@app/config';
import { JobContext, JobLockService, JobRunner, ScheduledJob } from '@app/jobs';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.factory';
import { TestIsolation, cleanupIsolation, newIsolation, testConfig, testRedisClient } from './utils/test-env';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunRecord {
  job: string;
  replica: string;
  scheduledAt: number | null;
}

/** Test-only jobs; every replica's instance records into the same list (one process). */
@Injectable()
class FixtureJobs {
  static runs: RunRecord[] = [];
  static gate: Promise<void> = Promise.resolve();
  readonly replica = randomUUID();

  @ScheduledJob({ name: 'test-tick', cron: '* * * * * *' })
  async tick(context: JobContext): Promise<void> {
    FixtureJobs.runs.push({
      job: 'test-tick',
      replica: this.replica,
      scheduledAt: context.scheduledAt?.getTime() ?? null,
    });
    await sleep(50);
  }

  @ScheduledJob({ name: 'test-fail', cron: '* * * * * *' })
  async fail(): Promise<void> {
    FixtureJobs.runs.push({ job: 'test-fail', replica: this.replica, scheduledAt: null });
    throw new Error('boom');
  }

  @ScheduledJob({ name: 'test-slow', cron: '0 0 0 1 1 *' })
  async slow(): Promise<string> {
    FixtureJobs.runs.push({ job: 'test-slow', replica: this.replica, scheduledAt: null });
    await FixtureJobs.gate;
    return 'done';
  }
}

@Module({ providers: [FixtureJobs] })
class FixtureJobsModule {}

@Module({})
class TestHost {}

interface Replica {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  admin: string;
}

async function startReplica(isolation: TestIsolation, env: Env): Promise<Replica> {
  const config = testConfig(isolation, env);
  const root: DynamicModule = { module: TestHost, imports: [AppModule.forRoot(config), FixtureJobsModule] };
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app, config);
  await app.init();
  const admin = (await app.get(ApiKeyService).create({ name: `admin-${randomUUID()}`, role: 'admin' })).key;
  return { app, http: request(app.getHttpServer()), admin };
}

const runsOf = (job: string) => FixtureJobs.runs.filter((run) => run.job === job);

describe('scheduled jobs across replicas (e2e)', () => {
  const isolation = newIsolation('jobs');
  const jobsOn = { JOBS_ENABLED: 'true', JOBS_ONLY: 'test-tick,test-fail' };
  let a: Replica;
  let b: Replica;
  let apiOnly: Replica;
  let redis: Redis | Cluster;

  beforeAll(async () => {
    a = await startReplica(isolation, jobsOn);
    b = await startReplica(isolation, jobsOn);
    apiOnly = await startReplica(isolation, {}); // JOBS_ENABLED=false: an API-only replica
    redis = testRedisClient(isolation);
  }, 60_000);

  afterAll(async () => {
    for (const replica of [a, b, apiOnly]) await replica?.app.close();
    redis?.disconnect();
    await cleanupIsolation(isolation);
  });

  it('runs each tick on exactly one replica', async () => {
    FixtureJobs.runs = [];
    await sleep(3500);
    const ticks = runsOf('test-tick');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(4);
    const scheduled = ticks.map((run) => run.scheduledAt);
    expect(new Set(scheduled).size).toBe(ticks.length); // no tick twice
    expect(scheduled.every((at) => at !== null && at % 1000 === 0)).toBe(true);
    const apiOnlyReplica = apiOnly.app.get(FixtureJobs).replica;
    expect(FixtureJobs.runs.some((run) => run.replica === apiOnlyReplica)).toBe(false);
  });

  it('retries a failing job on the next tick, not in a loop, and records the error', async () => {
    FixtureJobs.runs = [];
    await sleep(2500);
    const attempts = runsOf('test-fail').length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(3);
    const res = await apiOnly.http
      .get('/api/v1/admin/jobs')
      .set('Authorization', `Bearer ${apiOnly.admin}`)
      .expect(200);
    const failing = res.body.jobs.find((job: { name: string }) => job.name === 'test-fail');
    expect(failing).toMatchObject({
      lastResult: 'failure',
      lastError: 'boom',
      lastSuccessAt: null,
      scheduledHere: false,
    });
    expect(failing.failures).toBeGreaterThanOrEqual(2);
  });

  it('waits for a lock left by a crashed owner to expire, then runs the next tick', async () => {
    const lockKey = a.app.get(JobLockService).lockKey('test-tick');
    await redis.set(lockKey, 'crashed-replica', 'PX', 2000);
    FixtureJobs.runs = [];
    await sleep(1500);
    expect(runsOf('test-tick')).toHaveLength(0);
    await sleep(2000);
    expect(runsOf('test-tick').length).toBeGreaterThanOrEqual(1);
  });

  it('lists jobs with shared state: schedule, last run, last success', async () => {
    const res = await a.http.get('/api/v1/admin/jobs').set('Authorization', `Bearer ${a.admin}`).expect(200);
    const tick = res.body.jobs.find((job: { name: string }) => job.name === 'test-tick');
    expect(tick).toMatchObject({
      schedule: '* * * * * *',
      timeZone: 'UTC',
      scheduledHere: true,
      lastResult: 'success',
      lastError: null,
    });
    expect(Date.parse(tick.lastSuccessAt)).toBeGreaterThan(Date.now() - 5000);
    expect(tick.runs).toBeGreaterThanOrEqual(4); // runs of both replicas, from PostgreSQL
    expect(tick.lastDurationMs).toBeGreaterThanOrEqual(40);
    const slow = res.body.jobs.find((job: { name: string }) => job.name === 'test-slow');
    expect(slow).toMatchObject({ scheduledHere: false, running: false, lastRunAt: null, runs: 0 });
    expect(slow.nextRunAt).toMatch(/-01-01T00:00:00\.000Z$/);
  });

  it('runs a job now under the same lock: 409 while it runs elsewhere, 404 when unknown, admin only', async () => {
    let open!: () => void;
    FixtureJobs.gate = new Promise<void>((resolve) => (open = resolve));
    const first = apiOnly.http
      .post('/api/v1/admin/jobs/test-slow/run')
      .set('Authorization', `Bearer ${apiOnly.admin}`);
    const firstDone = first.then((res) => res);
    for (let i = 0; i < 50 && runsOf('test-slow').length === 0; i++) await sleep(50);

    const conflict = await a.http
      .post('/api/v1/admin/jobs/test-slow/run')
      .set('Authorization', `Bearer ${a.admin}`)
      .expect(409);
    expect(conflict.body.message).toContain('already running');
    const listed = await b.http
      .get('/api/v1/admin/jobs')
      .set('Authorization', `Bearer ${b.admin}`)
      .expect(200);
    expect(listed.body.jobs.find((job: { name: string }) => job.name === 'test-slow').running).toBe(true);

    open();
    const done = await firstDone;
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ name: 'test-slow', result: 'success' });
    await expect(b.app.get(JobRunner).runNow('test-slow')).resolves.toMatchObject({
      result: 'success',
      value: 'done',
    });

    await a.http.post('/api/v1/admin/jobs/nope/run').set('Authorization', `Bearer ${a.admin}`).expect(404);
    const ingest = (await a.app.get(ApiKeyService).create({ name: 'ingest', role: 'ingest' })).key;
    await a.http.get('/api/v1/admin/jobs').set('Authorization', `Bearer ${ingest}`).expect(403);
    await a.http.get('/api/v1/admin/jobs').expect(401);
  });
});
