import { MAX_USER_ID_LENGTH } from '@app/validation';
import { TestApp, createTestApp } from './utils/test-app';

/** Errors a client can act on (issue 18): field entries, 415 for non-JSON bodies, the Bearer hint, one userId limit. */
describe('error contract (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ingest: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'errorcontract' });
    admin = await t.keyFor('admin');
    ingest = await t.keyFor('ingest');
    await t.http
      .post('/api/v1/admin/experiments')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        key: 'limits',
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

  const feedback = (body: object) =>
    t.http.post('/api/v1/feedback').set('Authorization', `Bearer ${ingest}`).send(body);

  it('lists one entry per field with its first failing rule, and keeps the joined message', async () => {
    const res = await feedback({ type: 'praise', rating: 5 }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      requestId: res.headers['x-request-id'],
      errors: expect.arrayContaining([
        { field: 'type', rule: 'isIn', message: expect.stringContaining('type must be one of') },
        { field: 'message', rule: 'required', message: 'message is required' },
        { field: 'rating', rule: 'notAllowed', message: 'rating is not an allowed field' },
      ]),
    });
    expect(res.body.errors).toHaveLength(3);
    expect(res.body.message).toContain('message is required');
  });

  it('says a wrong type is a wrong type, not three rules about length and blankness', async () => {
    const res = await feedback({ type: 'bug', message: 42 }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'message', rule: 'isString', message: 'message must be a string' },
    ]);
  });

  it('names nested and batched fields by their path', async () => {
    const res = await t.http
      .post('/api/v1/events')
      .set('Authorization', `Bearer ${ingest}`)
      .send([{ userId: 'u', event: 'ok' }, { event: 'BAD NAME' }])
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'items[1].userId', rule: 'required', message: 'items[1].userId is required' },
      {
        field: 'items[1].event',
        rule: 'matches',
        message: expect.stringContaining('items[1].event must match'),
      },
    ]);
  });

  describe('a body that is not JSON → 415', () => {
    it.each([
      ['text/plain', '{"type":"bug","message":"hi"}'],
      ['application/x-www-form-urlencoded', 'type=bug&message=hi'],
    ])('Content-Type %s', async (type, body) => {
      const res = await t.http
        .post('/api/v1/feedback')
        .set('Authorization', `Bearer ${ingest}`)
        .set('Content-Type', type)
        .send(body)
        .expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect(res.body.message).toContain('application/json');
    });

    it('accepts a JSON body with a charset and a bodyless POST', async () => {
      await t.http
        .post('/api/v1/feedback')
        .set('Authorization', `Bearer ${ingest}`)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"type":"bug","message":"hi"}')
        .expect(201);
      await t.http
        .post('/api/v1/admin/experiments/limits/start')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
    });
  });

  it('tells a client that sent the key without a scheme to use Bearer', async () => {
    const res = await t.http.get('/api/v1/auth/whoami').set('Authorization', ingest).expect(401);
    expect(res.body.message).toContain('Bearer');
    expect(res.body.message).toContain('scheme');
  });

  describe(`one userId limit (${MAX_USER_ID_LENGTH}) on every endpoint`, () => {
    const longest = 'u'.repeat(MAX_USER_ID_LENGTH);
    const tooLong = 'u'.repeat(MAX_USER_ID_LENGTH + 1);
    const send = {
      events: (userId: string) =>
        t.http
          .post('/api/v1/events')
          .set('Authorization', `Bearer ${ingest}`)
          .send({ userId, event: 'signup' }),
      nps: (userId: string) =>
        t.http.post('/api/v1/nps').set('Authorization', `Bearer ${ingest}`).send({ userId, score: 9 }),
      feedback: (userId: string) => feedback({ type: 'bug', message: 'hi', userId }),
      assignment: (userId: string) =>
        t.http
          .get('/api/v1/experiments/limits/assignment')
          .query({ userId })
          .set('Authorization', `Bearer ${ingest}`),
    };

    it.each(Object.keys(send) as Array<keyof typeof send>)('%s', async (name) => {
      const ok = await send[name](longest);
      expect(ok.status).toBeLessThan(300);
      const refused = await send[name](tooLong).expect(400);
      expect(refused.body.errors).toEqual([
        {
          field: 'userId',
          rule: 'isLength',
          message: `userId must be 1 to ${MAX_USER_ID_LENGTH} characters`,
        },
      ]);
    });
  });
});
