import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { ManualClock } from '@app/clock';
import { IncidentGateway } from '@app/incidents';
import { TestApp, createTestApp } from './utils/test-app';

const START = new Date('2026-11-20T10:00:00Z');
const MINUTE = 60_000;

describe('incidents (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: string;

  beforeAll(async () => {
    clock = new ManualClock(START);
    t = await createTestApp({ label: 'incidents', clock });
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: object = {}) =>
    t.http.post(`/api/v1/admin/incidents${path}`).set('Authorization', `Bearer ${admin}`).send(body);
  const get = (path: string) =>
    t.http.get(`/api/v1/admin/incidents${path}`).set('Authorization', `Bearer ${admin}`);
  const create = async (body: object = {}) =>
    (await post('', { title: 'Checkout fails', severity: 'SEV-2', ...body }).expect(201)).body;

  it('needs an admin key', async () => {
    await t.http.get('/api/v1/admin/incidents').expect(401);
    const ingest = await t.keyFor('ingest');
    await t.http.get('/api/v1/admin/incidents').set('Authorization', `Bearer ${ingest}`).expect(403);
  });

  it('creates an incident with an id, the default checklist and a first timeline entry', async () => {
    const incident = await create({
      summary: 'Payments time out',
      impact: 'Users cannot pay',
      impactShare: 0.4,
      responders: ['bob'],
    });
    expect(incident).toMatchObject({
      id: expect.stringMatching(/^INC-2026-\d{3}$/),
      status: 'investigating',
      severity: 'SEV-2',
      impactShare: 0.4,
      responders: ['bob'],
      detectedAt: START.toISOString(),
      acknowledgedAt: null,
    });
    expect(incident.checklist).toHaveLength(10);
    expect(incident.checklist[0]).toEqual({
      id: 1,
      label: 'Create the incident channel',
      checked: false,
      checkedAt: null,
      checkedBy: null,
    });
    expect(incident.timeline).toEqual([
      expect.objectContaining({ kind: 'created', author: 'test-admin', at: START.toISOString() }),
    ]);
  });

  it('rejects invalid bodies naming the field', async () => {
    const bad = await post('', { title: 'x', severity: 'SEV-5', impactShare: 2, extra: 1 }).expect(400);
    expect(bad.body.message).toMatch(/severity must be one of/);
    expect(bad.body.message).toMatch(/impactShare must not be greater than 1/);
    expect(bad.body.message).toMatch(/extra is not an allowed field/);
    const future = await post('', {
      title: 'x',
      severity: 'SEV-3',
      detectedAt: new Date(START.getTime() + MINUTE).toISOString(),
    }).expect(400);
    expect(future.body.message).toBe('detectedAt must not be in the future');
    await get('/INC-2026-999').expect(404);
  });

  it('walks the status machine, sets timestamps and refuses invalid moves with 409', async () => {
    clock.set(START);
    const { id } = await create({ severity: 'SEV-1' });
    clock.advance(5 * MINUTE);
    await post(`/${id}/status`, { status: 'identified', note: 'bad deploy' }).expect(200);
    clock.advance(10 * MINUTE);
    await post(`/${id}/status`, { status: 'monitoring' }).expect(200);

    const conflict = await post(`/${id}/status`, { status: 'closed' }).expect(409);
    expect(conflict.body).toMatchObject({
      statusCode: 409,
      from: 'monitoring',
      to: 'closed',
      allowed: ['resolved', 'investigating'],
    });
    expect(conflict.body.message).toContain('cannot move from monitoring to closed');

    clock.advance(15 * MINUTE);
    const resolved = (await post(`/${id}/status`, { status: 'resolved' }).expect(200)).body;
    expect(resolved).toMatchObject({
      status: 'resolved',
      acknowledgedAt: new Date(START.getTime() + 5 * MINUTE).toISOString(),
      mitigatedAt: new Date(START.getTime() + 15 * MINUTE).toISOString(),
      resolvedAt: new Date(START.getTime() + 30 * MINUTE).toISOString(),
      closedAt: null,
    });
    await post(`/${id}/status`, { status: 'investigating' }).expect(409);
    await post(`/${id}/status`, { status: 'closed' }).expect(200);
    const final = await post(`/${id}/status`, { status: 'resolved' }).expect(409);
    expect(final.body).toMatchObject({ from: 'closed', to: 'resolved', allowed: [] });
    await post(`/${id}/status`, { status: 'done' }).expect(400);
  });

  it('records acknowledgement, commander, notes and checklist on the timeline, in order', async () => {
    clock.set(START);
    const { id } = await create();
    clock.advance(MINUTE);
    const acked = (await post(`/${id}/acknowledge`).expect(200)).body;
    expect(acked.acknowledgedAt).toBe(new Date(START.getTime() + MINUTE).toISOString());
    clock.advance(MINUTE);
    await post(`/${id}/acknowledge`).expect(200); // idempotent: first time kept
    await post(`/${id}/commander`, { commander: 'alice' }).expect(200);
    await post(`/${id}/timeline`, { message: 'Rolled back to v41' }).expect(201);
    const checked = (await post(`/${id}/checklist/2/check`).expect(200)).body;
    expect(checked.checklist[1]).toMatchObject({ id: 2, checked: true, checkedBy: 'test-admin' });
    await post(`/${id}/checklist/99/check`).expect(404);
    const badItem = await post(`/${id}/checklist/two/check`).expect(400);
    expect(badItem.body.message).toBe('itemId must be an integer');
    await post(`/${id}/timeline`, { message: '' }).expect(400);

    const incident = (await get(`/${id}`).expect(200)).body;
    expect(incident.acknowledgedAt).toBe(new Date(START.getTime() + MINUTE).toISOString());
    expect(incident.commander).toBe('alice');
    expect(incident.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'acknowledged',
      'assignment',
      'note',
      'checklist',
    ]);
    expect(incident.timeline[4].message).toBe('Checked: Assign an incident commander');
    const sequences = incident.timeline.map((e: { sequence: number }) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  it('orders the timeline by time, then by sequence, and the database refuses edits', async () => {
    clock.set(START);
    const { id } = await create();
    const gateway = t.app.get(IncidentGateway);
    // An entry reported with an earlier time goes before later ones, whatever the insertion order.
    await gateway.appendToTimeline(id, {
      author: 'alerting',
      message: 'late report',
      at: new Date(START.getTime() - MINUTE),
    });
    await post(`/${id}/timeline`, { message: 'same time A' }).expect(201);
    await post(`/${id}/timeline`, { message: 'same time B' }).expect(201);
    const timeline = (await get(`/${id}`).expect(200)).body.timeline;
    expect(timeline.map((e: { message: string }) => e.message)).toEqual([
      'late report',
      expect.stringContaining('Incident opened'),
      'same time A',
      'same time B',
    ]);

    const db = t.app.get(DataSource);
    await expect(
      db.query(`UPDATE "incident_timeline_entries" SET "message" = 'rewritten' WHERE "incident_id" = $1`, [
        id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query(`DELETE FROM "incident_timeline_entries" WHERE "incident_id" = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      gateway.appendToTimeline('INC-1999-001', { author: 'alerting', message: 'x' }),
    ).rejects.toThrow(/does not exist/);
  });

  it('updates the fields people write and records the change', async () => {
    const { id } = await create({ severity: 'SEV-3' });
    const updated = (
      await t.http
        .patch(`/api/v1/admin/incidents/${id}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({
          severity: 'SEV-2',
          rootCause: 'A missing index',
          followUpActions: [{ description: 'Add the index', owner: 'bob', done: false }],
        })
        .expect(200)
    ).body;
    expect(updated).toMatchObject({
      severity: 'SEV-2',
      rootCause: 'A missing index',
      followUpActions: [{ description: 'Add the index', owner: 'bob', done: false }],
    });
    expect(updated.timeline.at(-1).message).toBe(
      'Updated severity, rootCause, followUpActions; severity SEV-3 → SEV-2',
    );
    const bad = await t.http
      .patch(`/api/v1/admin/incidents/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ followUpActions: [{ description: 'x', done: 'no' }] })
      .expect(400);
    expect(bad.body.message).toMatch(/followUpActions\[0\]\.owner is required/);
    expect(bad.body.message).toMatch(/followUpActions\[0\]\.done must be a boolean/);
    const nullTitle = await t.http
      .patch(`/api/v1/admin/incidents/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ title: null, severity: null })
      .expect(400);
    expect(nullTitle.body.message).toMatch(/title must not be null/);
    expect(nullTitle.body.message).toMatch(/severity must not be null/);
    const cleared = await t.http
      .patch(`/api/v1/admin/incidents/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ rootCause: null })
      .expect(200);
    expect(cleared.body.rootCause).toBeNull();
  });

  it('lists with filters and pagination', async () => {
    clock.set(new Date('2026-11-21T08:00:00Z'));
    await create({ title: 'List me', severity: 'SEV-4' });
    await create({ title: 'List me too', severity: 'SEV-4' });
    const page = (await get('?severity=SEV-4&status=investigating&limit=1&page=2').expect(200)).body;
    expect(page).toMatchObject({ total: 2, page: 2, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].title).toBe('List me');
    const period = (await get('?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z').expect(200)).body;
    expect(period.total).toBe(2);
    const bad = await get('?limit=1000&status=open').expect(400);
    expect(bad.body.message).toMatch(/status must be one of/);
    expect(bad.body.message).toMatch(/limit must not be greater than 100/);
  });

  it('numbers 50 concurrent creations without gaps or duplicates', async () => {
    clock.set(new Date('2027-01-01T00:00:00Z'));
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post('', { title: `Concurrent ${i}`, severity: 'SEV-4' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids = responses.map((r) => r.body.id as string).sort();
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => `INC-2027-${String(i + 1).padStart(3, '0')}`));
  });

  it('opens incidents from alerts (SEV-1 for P0) and reuses the open one for the same alert', async () => {
    clock.set(START);
    const gateway = t.app.get(IncidentGateway);
    const alert = {
      fingerprint: 'fp-api-down',
      name: 'ApiDown',
      priority: 'P0' as const,
      summary: 'API is down',
      description: 'All health checks fail',
      labels: { service: 'api' },
      startsAt: new Date(START.getTime() - 2 * MINUTE),
    };
    const [first, second] = await Promise.all([gateway.openFromAlert(alert), gateway.openFromAlert(alert)]);
    expect(second.incidentId).toBe(first.incidentId);
    const incident = (await get(`/${first.incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({
      title: 'API is down',
      severity: 'SEV-1',
      summary: 'All health checks fail',
      sourceAlert: 'fp-api-down',
      detectedAt: alert.startsAt.toISOString(),
    });
    const alertEntries = incident.timeline.filter((e: { kind: string }) => e.kind === 'alert');
    expect(alertEntries).toHaveLength(2);
    expect(alertEntries[0]).toMatchObject({ author: 'alerting' });
    expect(alertEntries[0].message).toContain('Alert ApiDown (P0)');
    const p1 = await gateway.openFromAlert({ ...alert, fingerprint: 'fp-slow', priority: 'P1' });
    expect((await get(`/${p1.incidentId}`).expect(200)).body.severity).toBe('SEV-2');
  });

  it('exports incidents_open from the database and the MTTA/MTTR histograms', async () => {
    const db = t.app.get(DataSource);
    const rows: Array<{ severity: string; n: string }> = await db.query(
      `SELECT "severity", count(*) AS n FROM "incidents" WHERE "status" NOT IN ('resolved', 'closed') GROUP BY 1`,
    );
    const metrics = await register.metrics();
    for (const row of rows) expect(metrics).toContain(`incidents_open{severity="${row.severity}"} ${row.n}`);
    expect(metrics).toMatch(/incident_time_to_resolve_seconds_count\{severity="SEV-1"\} 1/);
    expect(metrics).toMatch(/incident_time_to_acknowledge_seconds_sum\{severity="SEV-1"\} 300/);
  });
});
