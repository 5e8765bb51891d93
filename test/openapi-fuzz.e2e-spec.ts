import fc from 'fast-check';
import { TestApp, createTestApp } from './utils/test-app';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  enum?: unknown[];
  format?: string;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-roles'?: string[];
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20);
const NUL_TEXT = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\u0000'.repeat(3));

/** Values that break a property's schema: wrong types, null, out-of-range, unstorable text, deep JSON. */
function invalidValue(schema: Schema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const options: Array<fc.Arbitrary<unknown>> = [
    fc.constant(null),
    NUL_TEXT,
    fc.constantFrom(true, 0, -1, 1.5, 1e308, '', ' ', 'x', [], {}, [null], { a: null }),
    fc.jsonValue({ maxDepth: 3 }),
    fc
      .integer({ min: 40, max: 200 })
      .map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  ];
  if (type === 'string' || schema.maxLength !== undefined) {
    options.push(
      fc.constant('x'.repeat((schema.maxLength ?? 10_000) + 1)),
      fc.integer(),
      fc.string({ maxLength: 5 }),
    );
  }
  if (type === 'number' || type === 'integer') {
    options.push(
      fc.constantFrom(
        (schema.maximum ?? 1e9) + 1,
        (schema.minimum ?? -1e9) - 1,
        0.5,
        '5',
        Number.MAX_SAFE_INTEGER,
      ),
    );
  }
  if (type === 'array')
    options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: (schema.maxItems ?? 20) + 2 }));
  return fc.oneof(...options);
}

describe('OpenAPI-driven fuzz: invalid bodies and queries on every route (e2e)', () => {
  let t: TestApp;
  let keys: Record<string, string>;
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    // Rate limits would turn most of the fuzz into 429s; they have their own tests. A link secret, so
    // the one-click NPS route checks its input instead of answering "links disabled" (503).
    t = await createTestApp({
      label: 'fuzz',
      env: {
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
        NPS_LINK_SECRET: 'fuzz-secret-fuzz-secret-fuzz-secret-0123',
      },
    });
    keys = {
      admin: await t.keyFor('admin'),
      ingest: await t.keyFor('ingest'),
      alertmanager: await t.keyFor('alertmanager'),
    };
    document = (await t.http.get('/api/openapi.json').expect(200)).body;
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.oneOf) return resolve(schema.oneOf[0]);
    return schema;
  };

  const operations = (): Array<[string, string, Operation]> =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => [method, path, operation] as [string, string, Operation],
      ),
    );

  /** A path with its parameters filled plausibly: the fuzz is about bodies and queries. */
  const concretePath = (path: string, operation: Operation) =>
    path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      const schema = operation.parameters?.find((p) => p.name === name)?.schema;
      if (schema?.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema?.type === 'integer' || schema?.type === 'number') return '1';
      if (name === 'date') return '2026-11-20';
      return 'fuzz';
    });

  it('answers every invalid input with a 4xx that names the field: no 5xx, no hang', async () => {
    const tried: string[] = [];
    for (const [method, path, operation] of operations()) {
      if (path === '/metrics') continue;
      const body = resolve(operation.requestBody?.content['application/json']?.schema);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      if (!body && query.length === 0) continue;
      tried.push(`${method} ${path}`);
      const bodyFields = Object.keys(body?.properties ?? {});
      const queryFields = query.map((p) => p.name);
      const knownFields = new Set([...bodyFields, ...queryFields, 'body', 'items']);

      const bodyArb: fc.Arbitrary<unknown> = body
        ? fc.oneof(
            // Some properties set to invalid values, maybe with an unknown one.
            fc.record(
              Object.fromEntries(
                bodyFields.map((name) => [name, invalidValue(resolve(body.properties![name]) ?? {})]),
              ),
              { requiredKeys: [] },
            ),
            fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
              maxKeys: 3,
            }),
            fc.constantFrom<unknown>([], [1], 'text', 42, {}),
          )
        : fc.constant(undefined);
      const queryArb = fc.record(
        Object.fromEntries(
          queryFields.map((name) => [
            name,
            fc.oneof(
              fc.string({ maxLength: 20 }),
              NUL_TEXT,
              fc.constant('x'.repeat(3000)),
              fc.constantFrom('-1', '1e999', 'NaN', '2026-02-30'),
            ),
          ]),
        ),
        { requiredKeys: [] },
      );
      const roles = operation['x-roles'] ?? [];
      const key = roles.includes('admin') ? keys.admin : roles.length > 0 ? keys[roles[0]] : undefined;

      await fc.assert(
        fc.asyncProperty(bodyArb, queryArb, async (payload, params) => {
          let request = t.http[method as 'get'](concretePath(path, operation)).query(params).timeout(5000);
          if (key) request = request.set('Authorization', `Bearer ${key}`);
          if (payload !== undefined)
            request = request.set('Content-Type', 'application/json').send(JSON.stringify(payload));
          const res = await request;
          const where = `${method.toUpperCase()} ${path} ${JSON.stringify(payload)?.slice(0, 200)} ?${JSON.stringify(params).slice(0, 200)}`;
          expect({ where, status: res.status < 500 }).toEqual({ where, status: true });
          // The signed NPS link answers a browser with an HTML page, not the JSON error body.
          if (res.status === 400 && /json/.test(String(res.headers['content-type']))) {
            const errors = (res.body as { errors?: Array<{ field: string; rule: string }> }).errors ?? [];
            expect({ where, named: errors.length > 0 }).toEqual({ where, named: true });
            const sent = new Set([...Object.keys(isObject(payload) ? payload : {}), ...Object.keys(params)]);
            for (const { field, rule } of errors) {
              const root = field.split(/[.[]/)[0];
              // A field of the operation, the body itself, or an unknown field the request sent.
              const named = knownFields.has(root) || (rule === 'notAllowed' && sent.has(field));
              expect({ where, field, named }).toEqual({ where, field, named: true });
            }
          }
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    expect(tried.length).toBeGreaterThan(25);
  }, 600_000);
});
