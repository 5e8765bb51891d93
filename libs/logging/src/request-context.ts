import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContextStore {
  requestId: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/** The request id of the request being handled, wherever the code runs (services, repositories). */
export const RequestContext = {
  current: (): RequestContextStore | undefined => storage.getStore(),
  requestId: (): string | undefined => storage.getStore()?.requestId,
  run: <T>(store: RequestContextStore, fn: () => T): T => storage.run(store, fn),
  /** Names the end user of the current request (shown in its access-log line). */
  setUserId: (userId: string): void => {
    const store = storage.getStore();
    if (store) store.userId = userId;
  },
};

const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

export type RequestWithContext = Request & { context?: RequestContextStore };

/**
 * First middleware of the app: takes X-Request-Id from the caller (when sane) or generates one, echoes
 * it on the response and opens the async context every log line reads it from.
 */
export function requestContextMiddleware(req: RequestWithContext, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const store: RequestContextStore = { requestId };
  req.context = store;
  res.setHeader('X-Request-Id', requestId);
  storage.run(store, next);
}

/** Body parsers resume in the socket's async context; re-enter the request's context after them. */
export function reenterRequestContext(req: RequestWithContext, _res: Response, next: NextFunction): void {
  if (req.context) storage.enterWith(req.context);
  next();
}
