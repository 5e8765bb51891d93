import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { MAX_JSON_DEPTH, MAX_USER_ID_LENGTH } from '@app/validation';
import { describeValidatedDtos } from './dto-schemas';
import { describeRoutes } from './route-docs';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const OPENAPI_DOCS_PATH = 'api/docs';

const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'string', description: 'Human-readable; for a 400 the field messages joined by "; "' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field, with its first failing rule (400 only)',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: {
          field: { type: 'string', example: 'variants[1].weight' },
          rule: { type: 'string', example: 'required' },
          message: { type: 'string', example: 'variants[1].weight is required' },
        },
      },
    },
  },
};

const DESCRIPTION = `The JSON API of Pulse. Generated from the controllers and the class-validator DTOs that validate
requests, so it cannot drift from the code; the e2e suite validates every response against it.

**Authentication.** Every route needs an API key unless marked public: \`Authorization: Bearer <key>\`
or \`X-API-Key: <key>\`. Each operation lists the roles it accepts in \`x-roles\` (\`admin\` for
\`/admin/*\`, \`ingest\` for feedback, NPS, events and assignment, \`alertmanager\` for the webhook).

**Errors.** \`{statusCode, error, message, requestId, errors?}\`; a 400 lists \`errors: [{field, rule,
message}]\`, one per field. Bodies must be JSON (415 otherwise), nest at most ${MAX_JSON_DEPTH} levels, and no
string may hold a NUL or an unpaired surrogate. A field left out is absent; \`null\` is refused unless
the field says it clears. A \`userId\` is 1 to ${MAX_USER_ID_LENGTH} characters everywhere. No input yields a 5xx;
503 means PostgreSQL is down and nothing was stored.`;

const documents = new WeakMap<INestApplication, OpenAPIObject>();

/** The OpenAPI 3.1 document of the app's routes (built once per app; init not needed). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const built = documents.get(app);
  if (built) return built;
  describeValidatedDtos();
  describeRoutes(app.get(ModulesContainer));
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Pulse API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
    .addServer('/', 'This server')
    .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' })
    .addSecurity('apiKey', {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'X-API-Key: <API key>',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  toJsonSchemaNull(document);
  documents.set(app, document);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY },
  };
  return document;
}

/** OpenAPI 3.1 has no `nullable`: swagger still emits it, so it becomes `type: [T, 'null']`. */
function toJsonSchemaNull(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.nullable === true) {
    delete schema.nullable;
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    else if (schema.$ref) {
      schema.oneOf = [{ $ref: schema.$ref }, { type: 'null' }];
      delete schema.$ref;
    }
  } else if (schema.nullable === false) delete schema.nullable;
  for (const value of Object.values(schema)) toJsonSchemaNull(value);
}

/**
 * Serves the document at /api/openapi.json and Swagger UI at /api/docs. Both are public, like
 * /health: they describe the API and hold no data. The UI's assets come from swagger-ui-dist in
 * node_modules (no CDN), and its scripts are files on this origin, so helmet's CSP allows them.
 */
export function serveOpenApi(app: INestApplication): void {
  // Built on the first request, not at start (~0.1-0.6 s of scanning every replica would pay for nothing).
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, () => buildOpenApiDocument(app), {
    useGlobalPrefix: false,
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Pulse API',
    swaggerOptions: { validatorUrl: null, persistAuthorization: false },
  });
}
