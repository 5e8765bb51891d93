import { TestApp, createTestApp } from './utils/test-app';

describe('health and the HTTP contract (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ label: 'health' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers liveness without a key', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('reports PostgreSQL and Redis as up when ready', async () => {
    const res = await t.http.get('/api/v1/health/ready').expect(200);
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const echoed = await t.http.get('/api/v1/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await t.http
      .get('/api/v1/health')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the JSON error shape and the request id', async () => {
    const res = await t.http.get('/api/v1/nope').set('X-Request-Id', 'req-404').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/v1/nope',
      requestId: 'req-404',
    });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'The request body is not valid JSON' });
  });

  it('answers bodies over the size limit with 413', async () => {
    const res = await t.http
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(200 * 1024) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'The request body exceeds the size limit' });
  });

  it('sets helmet security headers', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
