import { TestApp, createTestApp } from './utils/test-app';

/** The two read endpoints added for the console: NPS distribution/reasons and the known event names. */
describe('console read endpoints (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ingest: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'console-endpoints' });
    admin = await t.keyFor('admin');
    ingest = await t.keyFor('ingest');
    const answers: Array<[string, number, string?]> = [
      ['a', 10, 'Love it'],
      ['b', 9],
      ['c', 7, 'Fine'],
      ['d', 3, '太慢了'],
      ['e', 0, 'Broken'],
      ['f', 3],
    ];
    for (const [userId, score, reason] of answers) {
      await t.http
        .post('/api/v1/nps')
        .set('Authorization', `Bearer ${ingest}`)
        .send({ userId, score, ...(reason ? { reason } : {}) })
        .expect(201);
    }
    await t.http
      .post('/api/v1/events')
      .set('Authorization', `Bearer ${ingest}`)
      .send([
        { userId: 'a', event: 'opened_settings' },
        { userId: 'b', event: 'view_landing' },
        { userId: 'c', event: 'exported_csv' },
      ])
      .expect(202);
  });

  afterAll(async () => {
    await t.close();
  });

  const get = (path: string) =>
    t.http.get(`/api/v1/admin/reports${path}`).set('Authorization', `Bearer ${admin}`);

  it('gives the 0–10 distribution and the latest reasons, newest first, filterable by category', async () => {
    const all = (await get('/nps/responses').expect(200)).body;
    expect(all.distribution).toHaveLength(11);
    expect(all.distribution.filter((d: { count: number }) => d.count > 0)).toEqual([
      { score: 0, count: 1 },
      { score: 3, count: 2 },
      { score: 7, count: 1 },
      { score: 9, count: 1 },
      { score: 10, count: 1 },
    ]);
    expect(all.items.map((i: { reason: string }) => i.reason)).toEqual([
      'Broken',
      '太慢了',
      'Fine',
      'Love it',
    ]);
    const detractors = (await get('/nps/responses?category=detractor&limit=1').expect(200)).body;
    expect(detractors.items).toEqual([
      expect.objectContaining({ userId: 'e', score: 0, category: 'detractor', reason: 'Broken' }),
    ]);
    expect(detractors.distribution).toEqual(all.distribution); // the distribution ignores the category
    const bad = await get('/nps/responses?category=fans').expect(400);
    expect(bad.body.message).toMatch(/category/);
  });

  it('lists the configured funnel steps first, then every event name seen', async () => {
    const names = (await get('/event-names').expect(200)).body.items;
    expect(names.slice(0, 4)).toEqual([
      'view_landing',
      'click_signup',
      'complete_registration',
      'first_purchase',
    ]);
    expect(names).toEqual(expect.arrayContaining(['exported_csv', 'opened_settings']));
    expect(new Set(names).size).toBe(names.length);
  });
});
