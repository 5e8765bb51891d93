import { MAX_JSON_DEPTH } from '@app/validation';
import { TestApp, createTestApp } from './utils/test-app';

/**
 * Regression tests for the 500s a fuzz of every write endpoint found (issue 18): deep JSON, NUL and lone
 * surrogates in text fields outside feedback/NPS, and null on PATCH. Each must be a 400 naming the field.
 */
describe('input storage cannot hold (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ingest: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'inputcontract' });
    admin = await t.keyFor('admin');
    ingest = await t.keyFor('ingest');
    await t.http
      .post('/api/v1/admin/experiments')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        key: 'contract',
        variants: [
          { key: 'a', weight: 1 },
          { key: 'b', weight: 1 },
        ],
        primaryEvent: 'signup',
      })
      .expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  const send = (method: 'post' | 'patch' | 'put', path: string, body: unknown, key = admin) =>
    t.http[method](path)
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  describe('JSON nested past the limit', () => {
    it.each([
      ['post', '/api/v1/feedback', (deep: string) => `{"type":"bug","message":"m","metadata":${deep}}`],
      ['post', '/api/v1/events', (deep: string) => `{"userId":"u","event":"e","properties":${deep}}`],
      ['post', '/api/v1/admin/incidents', (deep: string) => `{"title":${deep},"severity":"SEV-2"}`],
      ['patch', '/api/v1/admin/experiments/contract', (deep: string) => `{"description":${deep}}`],
    ] as const)(
      '%s %s at 3,000 levels is a 400 before validation, not a stack overflow',
      async (method, path, body) => {
        const res = await send(method, path, body(nested(3000)), path.includes('admin') ? admin : ingest);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
        expect(res.body.errors[0].field).toMatch(/^(metadata|properties|title|description)\b/);
      },
    );

    it('refuses 2,000 levels (formerly stored) and accepts the documented limit', async () => {
      // 2,000 nested arrays fit the 4 KiB properties limit: they used to be stored.
      const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
      const event = (deep: string) => `{"userId":"u","event":"deep","properties":{"a":${deep}}}`;
      const deep = await send('post', '/api/v1/events', event(arrays(2000)), ingest);
      expect(deep.status).toBe(400);
      expect(deep.body.errors[0]).toMatchObject({
        field: expect.stringMatching(/^properties\.a/),
        rule: 'maxDepth',
      });
      // The body is level 1, properties 2, a 3: MAX_JSON_DEPTH levels in all is fine.
      const ok = await send('post', '/api/v1/events', event(arrays(MAX_JSON_DEPTH - 2)), ingest);
      expect(ok.status).toBe(202);
    });

    it('refuses a deep array body on the events endpoint (its own pipe)', async () => {
      const res = await send('post', '/api/v1/events', '['.repeat(3000) + ']'.repeat(3000), ingest);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ rule: 'maxDepth' });
    });
  });

  describe('NUL and unpaired surrogates', () => {
    let incidentId: string;
    beforeAll(async () => {
      const res = await send('post', '/api/v1/admin/incidents', {
        title: 'db slow',
        severity: 'SEV-3',
      }).expect(201);
      incidentId = res.body.id;
    });

    const cases: Array<[string, 'post' | 'patch' | 'put', () => string, object, string, 'admin' | 'ingest']> =
      [
        [
          'API key name',
          'post',
          () => '/api/v1/admin/api-keys',
          { name: 'a\u0000b', role: 'ingest' },
          'name',
          'admin',
        ],
        [
          'event userId',
          'post',
          () => '/api/v1/events',
          { userId: 'u\u0000', event: 'signup' },
          'userId',
          'ingest',
        ],
        [
          'event eventId',
          'post',
          () => '/api/v1/events',
          { eventId: 'e\u0000', userId: 'u', event: 'signup' },
          'eventId',
          'ingest',
        ],
        [
          'batched event userId',
          'post',
          () => '/api/v1/events',
          [
            { userId: 'ok', event: 'a' },
            { userId: 'x\u0000', event: 'a' },
          ],
          'items[1].userId',
          'ingest',
        ],
        [
          'incident title',
          'post',
          () => '/api/v1/admin/incidents',
          { title: 't\u0000', severity: 'SEV-3' },
          'title',
          'admin',
        ],
        [
          'incident summary',
          'patch',
          () => `/api/v1/admin/incidents/${incidentId}`,
          { summary: 's\u0000' },
          'summary',
          'admin',
        ],
        [
          'incident rootCause',
          'patch',
          () => `/api/v1/admin/incidents/${incidentId}`,
          { rootCause: '\u0000' },
          'rootCause',
          'admin',
        ],
        [
          'incident commander',
          'post',
          () => `/api/v1/admin/incidents/${incidentId}/commander`,
          { commander: 'c\u0000' },
          'commander',
          'admin',
        ],
        [
          'incident note',
          'post',
          () => `/api/v1/admin/incidents/${incidentId}/timeline`,
          { message: 'n\u0000' },
          'message',
          'admin',
        ],
        [
          'silence comment',
          'post',
          () => '/api/v1/admin/silences',
          {
            matchers: [{ name: 'a', op: '=', value: 'b' }],
            endsAt: '2999-01-01T00:00:00Z',
            comment: '\u0000',
          },
          'comment',
          'admin',
        ],
        [
          'silence createdBy',
          'post',
          () => '/api/v1/admin/silences',
          {
            matchers: [{ name: 'a', op: '=', value: 'b' }],
            endsAt: '2999-01-01T00:00:00Z',
            createdBy: 'x\u0000',
          },
          'createdBy',
          'admin',
        ],
        [
          'matcher value',
          'post',
          () => '/api/v1/admin/silences',
          { matchers: [{ name: 'a', op: '=', value: 'b\u0000' }], endsAt: '2999-01-01T00:00:00Z' },
          'matchers[0].value',
          'admin',
        ],
        [
          'experiment description',
          'patch',
          () => '/api/v1/admin/experiments/contract',
          { description: 'd\u0000' },
          'description',
          'admin',
        ],
        [
          'lone high surrogate in an incident title',
          'post',
          () => '/api/v1/admin/incidents',
          { title: 'broken \ud800 text', severity: 'SEV-3' },
          'title',
          'admin',
        ],
        [
          'lone low surrogate in an experiment description',
          'patch',
          () => '/api/v1/admin/experiments/contract',
          { description: '\udc00' },
          'description',
          'admin',
        ],
        [
          'NUL in a metadata key',
          'post',
          () => '/api/v1/feedback',
          { type: 'bug', message: 'm', metadata: { ['k\u0000']: 1 } },
          'metadata.k\u0000',
          'ingest',
        ],
      ];

    it.each(cases)('%s → 400 naming the field', async (_name, method, path, body, field, role) => {
      const res = await send(method, path(), body, role === 'admin' ? admin : ingest);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field, rule: 'storableText', message: expect.stringContaining(field) },
      ]);
    });

    it('refuses NUL in a query string and a path parameter', async () => {
      const query = await t.http
        .get('/api/v1/experiments/contract/assignment?userId=u%00')
        .set('Authorization', `Bearer ${ingest}`);
      expect(query.status).toBe(400);
      expect(query.body.errors).toEqual([expect.objectContaining({ field: 'userId', rule: 'storableText' })]);
      const param = await t.http
        .get('/api/v1/admin/incidents/INC%00')
        .set('Authorization', `Bearer ${admin}`);
      expect(param.status).toBe(400);
      expect(param.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'storableText' })]);
    });

    it('stores nothing from the refused requests: the lone surrogate is not kept as U+FFFD', async () => {
      const list = await t.http
        .get('/api/v1/admin/incidents')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(JSON.stringify(list.body)).not.toContain('\ufffd');
      expect(list.body.items).toHaveLength(1);
    });
  });

  describe('null where a value is required', () => {
    it.each(['coverage', 'description', 'primaryEvent', 'guardrailEvents', 'variants'])(
      'PATCH an experiment with {"%s": null} → 400 notNull',
      async (field) => {
        const res = await send('patch', '/api/v1/admin/experiments/contract', { [field]: null });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field, rule: 'notNull', message: `${field} must not be null` }]);
      },
    );

    it('null still clears the incident fields documented as clearable', async () => {
      const created = await send('post', '/api/v1/admin/incidents', { title: 'x', severity: 'SEV-4' }).expect(
        201,
      );
      const id = created.body.id as string;
      await send('patch', `/api/v1/admin/incidents/${id}`, { rootCause: 'disk' }).expect(200);
      const cleared = await send('patch', `/api/v1/admin/incidents/${id}`, { rootCause: null }).expect(200);
      expect(cleared.body.rootCause).toBeNull();
      const title = await send('patch', `/api/v1/admin/incidents/${id}`, { title: null });
      expect(title.status).toBe(400);
      expect(title.body.errors).toEqual([expect.objectContaining({ field: 'title', rule: 'notNull' })]);
    });

    it('an optional field sent as null on create is refused, not stored as a NOT NULL violation', async () => {
      const res = await send('post', '/api/v1/admin/api-keys', {
        name: 'k',
        role: 'ingest',
        expiresAt: null,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt', rule: 'notNull' })]);
    });
  });
});
