export const ROLES = ['admin', 'ingest', 'alertmanager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ADMIN_PATH = /^\/api\/v\d+\/admin(\/|$)/;
const API_KEYS_PATH = /^\/api\/v\d+\/admin\/api-keys(\/|$)/;

/**
 * `viewer` is read-only admin: every GET under /admin except the API keys (a key list is an admin
 * concern). Decided from the request, so new admin reports are readable without a decorator each.
 */
export function viewerMayRead(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && ADMIN_PATH.test(path) && !API_KEYS_PATH.test(path);
}
