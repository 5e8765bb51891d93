import { DataSource } from 'typeorm';
import { getToken } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { ManualClock } from '@app/clock';
import { OutboxDispatcher } from '@app/outbox';
import { WebhookStub } from '../libs/outbox/src/testing/webhook-stub';
import { TestApp, createTestApp } from './utils/test-app';

const T0 = new Date('2026-11-02T09:00:00.000Z'); // a Monday

describe('feedback (e2e)', () => {
  let t: TestApp;
  let stub: WebhookStub;
  let clock: ManualClock;
  let ingest: string;
  let admin: string;

  beforeAll(async () => {
    stub = await new WebhookStub().start();
    clock = new ManualClock(T0);
    t = await createTestApp({
      label: 'feedback',
      clock,
      env: {
        SLACK_WEBHOOK_URL: stub.url(),
        PUBLIC_BASE_URL: 'https://pulse.example.com',
        OUTBOX_POLL_MS: '0',
        OUTBOX_BACKOFF_BASE_MS: '1',
      },
    });
    ingest = await t.keyFor('ingest');
    admin = await t.keyFor('admin');
  });

  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const submit = (body: unknown, key = ingest) =>
    t.http
      .post('/api/v1/feedback')
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);
  const adminGet = (path: string) => t.http.get(path).set('Authorization', `Bearer ${admin}`);

  describe('validation', () => {
    const invalid: Array<[object, string]> = [
      [{ message: 'hi' }, 'type is required'],
      [{ type: 'praise', message: 'hi' }, 'type must be one of the following values'],
      [{ type: 'bug' }, 'message is required'],
      [{ type: 'bug', message: 42 }, 'message must be a string'],
      [{ type: 'bug', message: '' }, 'message must not be blank'],
      [{ type: 'bug', message: ' \n\t ' }, 'message must not be blank'],
      [
        { type: 'bug', message: 'x'.repeat(5001) },
        'message must be shorter than or equal to 5000 characters',
      ],
      [{ type: 'bug', message: 'hi', userId: 7 }, 'userId must be a string'],
      [{ type: 'bug', message: 'hi', userId: '  ' }, 'userId must be 1 to 256 characters'],
      [{ type: 'bug', message: 'hi', userId: 'u'.repeat(257) }, 'userId must be 1 to 256 characters'],
      [{ type: 'bug', message: 'hi', metadata: [1, 2] }, 'metadata must be a JSON object'],
      [{ type: 'bug', message: 'hi', metadata: 'x' }, 'metadata must be a JSON object'],
      [{ type: 'bug', message: 'hi', metadata: null }, 'metadata must not be null'],
      [
        { type: 'bug', message: 'hi', metadata: { blob: 'x'.repeat(8200) } },
        'metadata must be at most 8192 bytes as JSON',
      ],
      [
        { type: 'bug', message: 'hi', metadata: { server: { userAgent: 'forged' } } },
        'metadata must not contain the key "server"',
      ],
      [{ type: 'bug', message: 'hi', rating: 5 }, 'rating is not an allowed field'],
      [{ type: 'bug', message: 'a\u0000b' }, 'message must not contain NUL characters'],
      [{ type: 'bug', message: 'hi', userId: 'u\u0000' }, 'userId must not contain NUL characters'],
      [
        { type: 'bug', message: 'hi', metadata: { k: ['x\u0000'] } },
        'metadata.k[0] must not contain NUL characters',
      ],
      [
        { type: 'bug', message: 'a\ud800b' },
        'message must not contain NUL characters or unpaired surrogates',
      ],
    ];
    it.each(invalid.map(([body, message]) => [message, body] as const))(
      'rejects with "%s"',
      async (message, body) => {
        const res = await submit(body).expect(400);
        expect(res.body.message).toContain(message);
      },
    );

    it('accepts 5000 characters after trimming, metadata just under 8 kB and no userId', async () => {
      await submit({ type: 'other', message: `  ${'y'.repeat(5000)}  ` }).expect(201);
      const blob = 'z'.repeat(8192 - JSON.stringify({ blob: '' }).length);
      await submit({ type: 'other', message: 'ok', metadata: { blob } }).expect(201);
    });

    it('requires an ingest key', async () => {
      await t.http.post('/api/v1/feedback').send({ type: 'bug', message: 'hi' }).expect(401);
    });
  });

  it('stores the feedback with sentiment and server metadata, counts it and announces it on Slack', async () => {
    stub.requests.length = 0;
    const res = await submit({
      type: 'bug',
      message: '  The app crashes every time I open settings, terrible  ',
      userId: 'u-1',
      metadata: { page: '/settings', build: 412 },
    })
      .set('User-Agent', 'PulseTest/1.0')
      .set('Referer', 'https://app.example.com/settings')
      .expect(201);
    expect(Object.keys(res.body)).toEqual(['id']);
    const [row] = await t.app.get(DataSource).query(`SELECT * FROM feedback WHERE id = $1`, [res.body.id]);
    expect(row).toMatchObject({
      type: 'bug',
      message: 'The app crashes every time I open settings, terrible',
      user_id: 'u-1',
      sentiment_label: 'negative',
      metadata: {
        page: '/settings',
        build: 412,
        server: {
          userAgent: 'PulseTest/1.0',
          referer: 'https://app.example.com/settings',
          receivedAt: T0.toISOString(),
        },
      },
    });
    expect(row.sentiment_score).toBeLessThan(-0.25);
    expect(new Date(row.created_at).toISOString()).toBe(T0.toISOString());

    // Earlier tests' messages may still be arriving: pick this feedback's announcement by its link.
    const link = `/api/v1/admin/feedback/${res.body.id}`;
    const deadline = Date.now() + 10_000;
    const announcement = () => stub.requests.find((r) => (r.body as { text?: string }).text?.includes(link));
    while (!announcement() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const slack = announcement()!.body as { text: string };
    expect(slack.text).toContain('bug');
    expect(slack.text).toContain('negative');
    expect(slack.text).toContain('The app crashes every time I open settings');
    expect(slack.text).toContain(`https://pulse.example.com/api/v1/admin/feedback/${res.body.id}`);

    const counter = t.app.get<Counter<string>>(getToken('feedback_submitted_total'));
    const values = (await counter.get()).values;
    expect(values.find((v) => v.labels.type === 'bug' && v.labels.sentiment === 'negative')?.value).toBe(1);
  });

  it('answers 201 at once while Slack fails, and delivers once Slack recovers', async () => {
    stub.requests.length = 0;
    stub.respond = () => ({ status: 500 });
    const started = Date.now();
    const res = await submit({ type: 'feature', message: '希望增加夜间模式' }).expect(201);
    expect(Date.now() - started).toBeLessThan(1000);
    await stub.waitFor(1);
    stub.respond = () => ({ status: 200 });
    const dispatcher = t.app.get(OutboxDispatcher);
    const dataSource = t.app.get(DataSource);
    const status = async () =>
      (
        await dataSource.query(`SELECT status FROM outbox_messages WHERE dedupe_key = $1`, [
          `feedback:${res.body.id}`,
        ])
      )[0].status as string;
    for (let i = 0; i < 100 && (await status()) !== 'delivered'; i++) {
      clock.advance(1000); // past the backoff
      await dispatcher.dispatchOnce();
    }
    expect(await status()).toBe('delivered');
  });

  describe('admin list, detail and report', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      await t.app.get(DataSource).query(`DELETE FROM feedback`);
      const items: Array<[number, string, string]> = [
        [0, 'bug', 'Login fails with a timeout, I hate it'],
        [1, 'feature', 'Please add CSV export'],
        [2, 'improvement', '导出功能很方便，谢谢你们'],
        [26, 'bug', '更新以后经常闪退，很失望'],
        [27, 'other', 'Love the new dashboard!'],
        [28, 'bug', 'Search is slow and buggy; 100% of queries_time out'],
      ];
      for (const [hours, type, message] of items) {
        clock.set(new Date(T0.getTime() + hours * 3_600_000));
        const res = await submit({ type, message }).expect(201);
        ids.push(res.body.id as string);
      }
    });

    it('lists newest first across cursor pages without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path = `/api/v1/admin/feedback?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await adminGet(path).expect(200)).body as {
          items: Array<{ id: string }>;
          nextCursor: string | null;
        };
        seen.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it('filters by type, sentiment, time and text (wildcards taken literally)', async () => {
      const list = async (query: string) =>
        (await adminGet(`/api/v1/admin/feedback?${query}`).expect(200)).body.items.map(
          (item: { id: string }) => item.id,
        );
      expect(await list('type=bug')).toEqual([ids[5], ids[3], ids[0]]);
      expect(await list('sentiment=positive')).toEqual([ids[4], ids[2]]);
      expect(await list('type=bug&sentiment=negative')).toEqual([ids[5], ids[3], ids[0]]);
      expect(
        await list(
          `from=${encodeURIComponent(new Date(T0.getTime() + 3_600_000).toISOString())}&to=2026-11-03T09:00:00Z`,
        ),
      ).toEqual([ids[2], ids[1]]);
      expect(await list('q=csv')).toEqual([ids[1]]);
      expect(await list('q=%E9%97%AA%E9%80%80')).toEqual([ids[3]]); // 闪退
      expect(await list('q=100%25')).toEqual([ids[5]]);
      expect(await list('q=t_m')).toEqual([]); // as a LIKE wildcard it would match "timeout"
    });

    it('returns one item, 404 for an unknown id and 400 for a malformed one', async () => {
      const res = await adminGet(`/api/v1/admin/feedback/${ids[2]}`).expect(200);
      expect(res.body).toMatchObject({
        id: ids[2],
        type: 'improvement',
        message: '导出功能很方便，谢谢你们',
        sentiment: { label: 'positive' },
        createdAt: new Date(T0.getTime() + 2 * 3_600_000).toISOString(),
      });
      await adminGet('/api/v1/admin/feedback/00000000-0000-4000-8000-000000000000').expect(404);
      const bad = await adminGet('/api/v1/admin/feedback/nope').expect(400);
      expect(bad.body.message).toContain('id must be a UUID');
    });

    it('rejects bad list queries naming the field', async () => {
      for (const [query, text] of [
        ['type=praise', 'type must be one of'],
        ['sentiment=angry', 'sentiment must be one of'],
        ['limit=0', 'limit must not be less than 1'],
        ['limit=101', 'limit must not be greater than 100'],
        ['from=yesterday', 'from must be a valid ISO 8601 date string'],
        ['cursor=abc', 'cursor is not a cursor'],
        ['page=2', 'page is not an allowed field'],
      ]) {
        const res = await adminGet(`/api/v1/admin/feedback?${query}`).expect(400);
        expect(res.body.message).toContain(text);
      }
    });

    it('is for admins only', async () => {
      await t.http.get('/api/v1/admin/feedback').set('Authorization', `Bearer ${ingest}`).expect(403);
    });

    it('reports counts by type and sentiment per day, with the negative share', async () => {
      const res = await adminGet(
        '/api/v1/admin/reports/feedback?from=2026-11-02T00:00:00Z&to=2026-11-05T00:00:00Z&interval=day',
      ).expect(200);
      expect(res.body.intervals).toHaveLength(3);
      const [day1, day2, day3] = res.body.intervals;
      expect(day1).toEqual({
        start: '2026-11-02T00:00:00.000Z',
        total: 3,
        byType: { bug: 1, feature: 1, improvement: 1, other: 0 },
        bySentiment: { negative: 1, neutral: 1, positive: 1 },
        negativeShare: 0.3333,
      });
      expect(day2).toMatchObject({
        start: '2026-11-03T00:00:00.000Z',
        total: 3,
        byType: { bug: 2, feature: 0, improvement: 0, other: 1 },
        bySentiment: { negative: 2, neutral: 0, positive: 1 },
        negativeShare: 0.6667,
      });
      expect(day3).toMatchObject({ total: 0, negativeShare: null });
      expect(res.body.overall).toMatchObject({ total: 6, negativeShare: 0.5 });
    });

    it('rejects a reversed range and an unknown interval', async () => {
      const reversed = await adminGet(
        '/api/v1/admin/reports/feedback?from=2026-11-05T00:00:00Z&to=2026-11-02T00:00:00Z',
      ).expect(400);
      expect(reversed.body.message).toBe('from must be before to');
      const interval = await adminGet('/api/v1/admin/reports/feedback?interval=hour').expect(400);
      expect(interval.body.message).toContain('interval must be one of');
    });
  });
});
