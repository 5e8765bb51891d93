import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';

/** Responses the document does not describe, noted by the app's middleware, reported by the test hook. */
const violations: string[] = [];

export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

const DOCUMENT_ID = 'pulse:openapi';

/** `/api/v1/incidents/:id` (Express) → `/api/v1/incidents/{id}` (OpenAPI). */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Checks every response a routed request gets against the OpenAPI document: the route and status
 * must be described, and a JSON body must match the schema given for that status. Mounted on the
 * shared test app, so every e2e suite is a contract test too.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  private readonly validators = new Map<string, ValidateFunction | null>();
  private built?: OpenAPIObject;

  /** `document` is called on the first response: building it is the app's own lazy path. */
  constructor(private readonly loadDocument: () => OpenAPIObject) {
    addFormats(this.ajv);
  }

  private get document(): OpenAPIObject {
    if (!this.built) {
      this.built = this.loadDocument();
      this.ajv.addSchema({ $id: DOCUMENT_ID, components: this.built.components ?? {} });
    }
    return this.built;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    let body: unknown;
    const send = res.send.bind(res);
    res.send = (chunk?: unknown) => {
      body = chunk;
      return send(chunk);
    };
    res.on('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route !== 'string') return; // unmatched, or stopped before routing: no operation to hold it to
      const problem = this.check(req.method, route, res.statusCode, res.getHeader('content-type'), body);
      if (problem) violations.push(`${req.method} ${route} → ${res.statusCode}: ${problem}`);
    });
    next();
  };

  check(
    method: string,
    route: string,
    status: number,
    contentType: unknown,
    body: unknown,
  ): string | undefined {
    const path = openApiPath(route);
    const operation = (this.document.paths[path] as Record<string, unknown> | undefined)?.[
      method.toLowerCase()
    ] as { responses?: Record<string, { content?: Record<string, { schema?: object }> }> } | undefined;
    if (!operation) return `the document has no operation ${method} ${path}`;
    const response = operation.responses?.[String(status)] ?? operation.responses?.default;
    if (!response) return `status ${status} is not described`;
    if (!response.content || body === undefined || body === '') return undefined;
    const mediaType = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim();
    const media = response.content[mediaType];
    if (!media)
      return `content type ${mediaType || '(none)'} is not described (${Object.keys(response.content).join(', ')})`;
    if (!media.schema || mediaType !== 'application/json') return undefined;
    const validate = this.validatorFor(`${method} ${path} ${status}`, media.schema);
    const parsed: unknown =
      typeof body === 'string'
        ? JSON.parse(body)
        : Buffer.isBuffer(body)
          ? JSON.parse(body.toString())
          : body;
    if (validate && !validate(parsed)) {
      return `body does not match the schema: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(parsed).slice(0, 300)}`;
    }
    return undefined;
  }

  private validatorFor(key: string, schema: object): ValidateFunction | null {
    if (!this.validators.has(key)) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replace(/"#\/components\//g, `"${DOCUMENT_ID}#/components/`),
      );
      this.validators.set(key, this.ajv.compile(rewritten));
    }
    return this.validators.get(key) ?? null;
  }
}
