import { HttpStatus, RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtension, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AUTH_POLICY, AuthPolicy, IP_RATE_LIMIT } from '@app/auth';

// @nestjs/swagger's metadata keys (its constants module is not importable under Jest's resolver).
const API_TAGS = 'swagger/apiUseTags';
const API_RESPONSE = 'swagger/apiResponse';
const API_OPERATION = 'swagger/apiOperation';
const API_PRODUCES = 'swagger/apiProduces';

export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each field and its first failing rule',
  401: 'No API key, or an unknown, revoked or expired one',
  403: 'The key lacks the role this endpoint requires',
  404: 'No such resource',
  409: 'Conflicts with the current state (a duplicate, or a change the state does not allow)',
  413: 'The body exceeds the size limit',
  415: 'The body is not JSON (Content-Type: application/json)',
  429: 'Rate limited: retry after the Retry-After seconds',
  503: 'PostgreSQL is unavailable: nothing was stored, retry later',
};

const EXAMPLE_400 = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'message is required; coverage must not be null',
  requestId: '6f1c2b1e-2a53-4d0f-9f0e-8d0a3b1c7e42',
  errors: [
    { field: 'message', rule: 'required', message: 'message is required' },
    { field: 'coverage', rule: 'notNull', message: 'coverage must not be null' },
  ],
};

const documented = new WeakSet<object>();

/**
 * Adds what the decorators of a route already imply to its OpenAPI operation: the auth schemes and
 * roles (from @Public/@RequireRole), the error statuses it can answer, a tag. Explicit @Api*
 * decorators on a handler (its success schema) stay as written; this only fills what they leave out.
 */
export function describeRoutes(modules: ModulesContainer): void {
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => unknown) | null;
      if (!controller || documented.has(controller)) continue;
      documented.add(controller);
      if (!Reflect.getMetadata(API_TAGS, controller)) ApiTags(tagOf(controller))(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        describeHandler(controller, prototype, name, handler);
      }
    }
  }
}

function tagOf(controller: object): string {
  return (controller as { name: string }).name.replace(/Controller$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}

function describeHandler(controller: object, prototype: object, name: string, handler: object): void {
  const policy: AuthPolicy = (Reflect.getMetadata(AUTH_POLICY, handler) as AuthPolicy | undefined) ??
    (Reflect.getMetadata(AUTH_POLICY, controller) as AuthPolicy | undefined) ?? {
      public: false,
      roles: ['admin'],
    };
  const ipLimited =
    Boolean(Reflect.getMetadata(IP_RATE_LIMIT, handler)) ||
    Boolean(Reflect.getMetadata(IP_RATE_LIMIT, controller));
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
  const path = `${String(Reflect.getMetadata(PATH_METADATA, controller) ?? '')}/${String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')}`;
  const args = Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as object) ?? {});
  const takes = (type: RouteParamtypes) => args.some((key) => key.startsWith(`${type}:`));
  const takesBody = takes(RouteParamtypes.BODY);
  const takesInput = takesBody || takes(RouteParamtypes.QUERY) || path.includes(':');
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
  const apply = (decorator: MethodDecorator) => decorator(prototype, name, descriptor);

  if (!Reflect.getMetadata(API_OPERATION, handler)) {
    const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const summary = `${words.charAt(0).toUpperCase()}${words.slice(1)} (${tagOf(controller)})`;
    const roles = policy.public ? 'public' : `role ${policy.roles.join(' or ')}`;
    apply(ApiOperation({ summary, description: `Access: ${roles}.` }));
  }
  if (!policy.public) {
    apply(ApiSecurity('bearer'));
    apply(ApiSecurity('apiKey'));
    apply(ApiExtension('x-roles', policy.roles));
  } else {
    apply(ApiSecurity({}));
    apply(ApiExtension('x-roles', []));
  }
  const statuses = new Set<number>([HttpStatus.SERVICE_UNAVAILABLE]);
  if (takesInput) statuses.add(400);
  if (!policy.public) statuses.add(401).add(403).add(429);
  if (ipLimited) statuses.add(429);
  if (path.includes(':')) statuses.add(404);
  if (method !== RequestMethod.GET) statuses.add(409);
  if (takesBody) statuses.add(413).add(415);
  // A route that answers a browser (the signed NPS link) renders its errors as HTML pages too.
  const html = ((Reflect.getMetadata(API_PRODUCES, handler) as string[] | undefined) ?? []).includes(
    'text/html',
  );
  const existing = (Reflect.getMetadata(API_RESPONSE, handler) as Record<string, unknown>) ?? {};
  for (const status of statuses) {
    if (existing[status]) continue;
    apply(
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status],
        content: html
          ? { 'text/html': { schema: { type: 'string' } } }
          : {
              'application/json': {
                schema: { $ref: ERROR_BODY_REF },
                ...(status === 400 ? { example: EXAMPLE_400 } : {}),
              },
            },
      }),
    );
  }
  const success =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
  if (!Object.keys(existing).some((status) => Number(status) < 300)) {
    apply(ApiResponse({ status: success, description: 'Success' }));
  }
}
