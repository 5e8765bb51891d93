import { spawnSync } from 'node:child_process';
import { TestApp, createTestApp } from './utils/test-app';
import { openApiPath } from './utils/openapi-contract';

interface Operation {
  security?: Array<Record<string, string[]>>;
  'x-roles'?: string[];
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, Record<string, unknown>>;
  };

  beforeAll(async () => {
    t = await createTestApp({ label: 'openapi' });
    document = (await t.http.get('/api/openapi.json').expect(200).expect('content-type', /json/)).body;
  });

  afterAll(async () => {
    await t.close();
  });

  it('is OpenAPI 3.1 with both auth schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
  });

  it('describes every route the app serves, with its roles and its error body', () => {
    const router = (
      t.app.getHttpAdapter().getInstance() as {
        router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
      }
    ).router;
    // The document's own routes (Swagger UI and its assets) are not part of the API.
    const api = router.stack.filter((layer) => !layer.route?.path.match(/^\/api\/(docs|openapi)/));
    const routes = api.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((method) => [method, openApiPath(layer.route!.path)])
        : [],
    );
    expect(routes.length).toBeGreaterThan(40);
    for (const [method, path] of routes) {
      const operation = document.paths[path]?.[method];
      expect({ route: `${method} ${path}`, described: Boolean(operation) }).toEqual({
        route: `${method} ${path}`,
        described: true,
      });
      expect(operation.summary).toBeTruthy();
      expect(Array.isArray(operation['x-roles'])).toBe(true);
      if (operation['x-roles']!.length > 0) {
        expect(operation.security).toEqual(expect.arrayContaining([{ bearer: [] }, { apiKey: [] }]));
        expect(operation.responses['401']?.content?.['application/json']?.schema?.$ref).toBe(
          '#/components/schemas/ErrorBody',
        );
      }
      expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(true);
      expect(Object.keys(operation.responses).filter((status) => status.startsWith('5'))).toEqual(['503']);
    }
  });

  it('derives request schemas from the validation rules: required, types, limits, null', () => {
    const schemas = document.components.schemas as Record<
      string,
      { required?: string[]; properties: Record<string, Record<string, unknown>> }
    >;
    expect(schemas.CreateFeedbackDto.required).toEqual(expect.arrayContaining(['type', 'message']));
    expect(schemas.CreateFeedbackDto.required).not.toContain('userId');
    expect(schemas.CreateFeedbackDto.properties.userId).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 256,
    });
    expect(schemas.UpdateExperimentDto.properties.coverage).toMatchObject({
      type: 'number',
      minimum: 0,
      maximum: 1,
    });
    expect(schemas.UpdateIncidentDto.properties.rootCause.type).toEqual(['string', 'null']);
    expect(schemas.UpdateIncidentDto.properties.title.type).toBe('string');
  });

  it('lints clean with Redocly’s recommended rules', () => {
    const lint = spawnSync(process.execPath, ['scripts/openapi-lint.mjs'], {
      input: JSON.stringify(document),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(lint.stderr).toBe('');
    expect(JSON.parse(lint.stdout)).toEqual([]);
  });

  it('serves a readable page at /api/docs with local assets that the CSP allows, without a key', async () => {
    const page = await t.http.get('/api/docs').redirects(1).expect(200).expect('content-type', /html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThan(2);
    for (const source of sources) {
      expect(source).not.toMatch(/^(https?:)?\/\//);
      const asset = source.startsWith('/') ? source : `/api/docs/${source.replace(/^\.\//, '')}`;
      await t.http.get(asset).expect(200);
    }
    const init = await t.http.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('Pulse API');
  });
});
