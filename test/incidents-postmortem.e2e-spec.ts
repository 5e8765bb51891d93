import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@app/clock';
import { TestApp, createTestApp } from './utils/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'incidents');
const at = (time: string) => new Date(`2026-11-20T${time}Z`);

/** Plays a fixed incident through the API at fixed times; returns its id. */
async function playFixtureIncident(t: TestApp, clock: ManualClock): Promise<string> {
  const admin = await t.keyFor('admin');
  const call = (method: 'post' | 'patch', path: string, body: object = {}) =>
    t.http[method](`/api/v1/admin/incidents${path}`).set('Authorization', `Bearer ${admin}`).send(body);

  clock.set(at('10:00:00'));
  const created = await call('post', '', {
    title: 'Checkout unavailable',
    summary: 'Payments failed with HTTP 503 after the v42 deploy.',
    severity: 'SEV-1',
    impact: 'Users could not pay | check out',
    impactShare: 0.35,
    responders: ['bob', 'carol'],
    detectedAt: at('09:58:00').toISOString(),
  }).expect(201);
  const id: string = created.body.id;
  clock.set(at('10:03:00'));
  await call('post', `/${id}/commander`, { commander: 'alice' }).expect(200);
  await call('post', `/${id}/checklist/2/check`).expect(200);
  clock.set(at('10:10:00'));
  await call('post', `/${id}/status`, {
    status: 'identified',
    note: 'connection pool exhausted since v42',
  }).expect(200);
  clock.set(at('10:12:30'));
  await call('post', `/${id}/timeline`, { message: 'Rolled back to v41' }).expect(201);
  clock.set(at('10:20:00'));
  await call('post', `/${id}/status`, { status: 'monitoring' }).expect(200);
  clock.set(at('11:25:00'));
  await call('post', `/${id}/status`, { status: 'resolved' }).expect(200);
  clock.set(at('15:00:00'));
  await call('patch', `/${id}`, {
    rootCause: 'Release v42 halved the database pool size.',
    resolution: 'Rolled back to v41, then shipped v43 with the pool size restored.',
    lessons: 'Configuration changes need the same review as code.',
    followUpActions: [
      { description: 'Alert on pool saturation', owner: 'bob', done: true },
      { description: 'Check pool settings in CI', owner: 'carol', done: false },
    ],
  }).expect(200);
  return id;
}

describe('incident post-mortems (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let id: string;
  let admin: string;

  beforeAll(async () => {
    clock = new ManualClock(at('10:00:00'));
    t = await createTestApp({ label: 'incidentspm', clock });
    id = await playFixtureIncident(t, clock);
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const postmortem = (query: string) =>
    t.http.get(`/api/v1/admin/incidents/${id}/postmortem${query}`).set('Authorization', `Bearer ${admin}`);

  it('renders the handbook template in English as the expected Markdown', async () => {
    const res = await postmortem('').expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const expected = readFileSync(join(FIXTURES, 'postmortem-en.md'), 'utf8').replaceAll('INC-2026-001', id);
    expect(res.text).toBe(expected);
  });

  it('renders the headings in Chinese with ?lang=zh', async () => {
    const res = await postmortem('?lang=zh').expect(200);
    const expected = readFileSync(join(FIXTURES, 'postmortem-zh.md'), 'utf8').replaceAll('INC-2026-001', id);
    expect(res.text).toBe(expected);
  });

  it('refuses an unknown language and an unknown incident', async () => {
    const bad = await postmortem('?lang=fr').expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(bad.body.message).toMatch(/lang must be one of/);
    await t.http
      .get('/api/v1/admin/incidents/INC-1999-001/postmortem')
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
  });
});

describe('incident settings (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      label: 'incidentscfg',
      clock: new ManualClock(at('10:00:00')),
      env: {
        POSTMORTEM_LANGUAGE: 'zh',
        INCIDENT_CHECKLIST: 'Page the on-call | Open the bridge |  | Tell support',
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('uses INCIDENT_CHECKLIST and POSTMORTEM_LANGUAGE', async () => {
    const admin = await t.keyFor('admin');
    const created = await t.http
      .post('/api/v1/admin/incidents')
      .set('Authorization', `Bearer ${admin}`)
      .send({ title: 'Search is slow', severity: 'SEV-3' })
      .expect(201);
    expect(created.body.checklist.map((item: { label: string }) => item.label)).toEqual([
      'Page the on-call',
      'Open the bridge',
      'Tell support',
    ]);
    const res = await t.http
      .get(`/api/v1/admin/incidents/${created.body.id}/postmortem`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(res.text).toContain(`# 事后复盘: ${created.body.id} — Search is slow`);
    expect(res.text).toMatch(/\| 持续时间 +\| 0 秒 \(进行中\) +\|/);
    const en = await t.http
      .get(`/api/v1/admin/incidents/${created.body.id}/postmortem?lang=en`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(en.text).toContain('## Timeline');
  });
});
