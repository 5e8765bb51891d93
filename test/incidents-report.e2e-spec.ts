import { register } from 'prom-client';
import { ManualClock } from '@app/clock';
import { IncidentsReadService } from '@app/incidents';
import { TestApp, createTestApp } from './utils/test-app';

const MINUTE = 60_000;

describe('incident report: counts and MTTA/MTTR (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: string;

  const call = (path: string, body: object = {}) =>
    t.http.post(`/api/v1/admin/incidents${path}`).set('Authorization', `Bearer ${admin}`).send(body);

  /** Opens an incident at `detected`, then acknowledges and resolves it after the given minutes. */
  async function incident(severity: string, detected: string, ackAfter?: number, resolveAfter?: number) {
    const start = new Date(detected);
    clock.set(start);
    const { id } = (await call('', { title: `${severity} at ${detected}`, severity }).expect(201)).body;
    if (ackAfter !== undefined) {
      clock.set(new Date(start.getTime() + ackAfter * MINUTE));
      await call(`/${id}/acknowledge`).expect(200);
    }
    if (resolveAfter !== undefined) {
      clock.set(new Date(start.getTime() + resolveAfter * MINUTE));
      await call(`/${id}/status`, { status: 'resolved' }).expect(200);
    }
    return id as string;
  }

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-10-01T00:00:00Z'));
    t = await createTestApp({ label: 'incidentsreport', clock });
    admin = await t.keyFor('admin');
    await incident('SEV-1', '2026-11-02T10:00:00Z', 5, 60);
    await incident('SEV-1', '2026-11-03T10:00:00Z', 15, 120);
    await incident('SEV-2', '2026-11-04T10:00:00Z', 10);
    // Detected before the period, resolved inside it (3 days later): counts for MTTR only.
    await incident('SEV-3', '2026-10-30T12:00:00Z', undefined, 3 * 24 * 60);
    // After the period: ignored by the report, still open.
    await incident('SEV-4', '2026-11-09T10:00:00Z');
    clock.set(new Date('2026-11-10T00:00:00Z'));
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts opened and resolved incidents and computes MTTA/MTTR mean and median', async () => {
    const res = await t.http
      .get('/api/v1/admin/reports/incidents?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(res.body).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      opened: 3,
      resolved: 3,
      // 5, 15 and 10 minutes
      mtta: { count: 3, meanSeconds: 600, medianSeconds: 600 },
      // 1 h, 2 h and 3 days
      mttr: { count: 3, meanSeconds: 90000, medianSeconds: 7200 },
    });
    expect(res.body.bySeverity).toEqual({
      'SEV-1': {
        opened: 2,
        resolved: 2,
        mtta: { count: 2, meanSeconds: 600, medianSeconds: 600 },
        mttr: { count: 2, meanSeconds: 5400, medianSeconds: 5400 },
      },
      'SEV-2': {
        opened: 1,
        resolved: 0,
        mtta: { count: 1, meanSeconds: 600, medianSeconds: 600 },
        mttr: { count: 0, meanSeconds: null, medianSeconds: null },
      },
      'SEV-3': {
        opened: 0,
        resolved: 1,
        mtta: { count: 0, meanSeconds: null, medianSeconds: null },
        mttr: { count: 1, meanSeconds: 259200, medianSeconds: 259200 },
      },
      'SEV-4': {
        opened: 0,
        resolved: 0,
        mtta: { count: 0, meanSeconds: null, medianSeconds: null },
        mttr: { count: 0, meanSeconds: null, medianSeconds: null },
      },
    });
  });

  it('defaults to the last 30 days and refuses an empty or malformed period', async () => {
    const res = await t.http
      .get('/api/v1/admin/reports/incidents')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(res.body).toMatchObject({
      from: '2026-10-11T00:00:00.000Z',
      to: '2026-11-10T00:00:00.000Z',
      opened: 5,
    });
    const empty = await t.http
      .get('/api/v1/admin/reports/incidents?from=2026-11-08T00:00:00Z&to=2026-11-01T00:00:00Z')
      .set('Authorization', `Bearer ${admin}`)
      .expect(400);
    expect(empty.body.message).toBe('from must be before to');
    const malformed = await t.http
      .get('/api/v1/admin/reports/incidents?from=yesterday')
      .set('Authorization', `Bearer ${admin}`)
      .expect(400);
    expect(malformed.body.message).toMatch(/from must be a valid ISO 8601 date string/);
  });

  it('serves the open incidents to the daily report and keeps incidents_open in line with them', async () => {
    const open = await t.app.get(IncidentsReadService).openIncidents();
    expect(open.map((incident) => incident.severity)).toEqual(['SEV-2', 'SEV-4']);
    const metrics = await register.metrics();
    expect(metrics).toContain('incidents_open{severity="SEV-1"} 0');
    expect(metrics).toContain('incidents_open{severity="SEV-2"} 1');
    expect(metrics).toContain('incidents_open{severity="SEV-3"} 0');
    expect(metrics).toContain('incidents_open{severity="SEV-4"} 1');
    expect(metrics).toMatch(/incident_time_to_resolve_seconds_sum\{severity="SEV-1"\} 10800/);
  });
});
