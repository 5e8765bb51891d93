import type { Request } from 'express';

export const SESSION_COOKIE = 'pulse_session';
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from the Cookie header (no cookie-parser: the console needs just this one). */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure when the
 * request came over https — req.secure honours TRUST_PROXY, so a TLS-terminating proxy counts.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/**
 * The Origin half of the CSRF defence: a state-changing request must come from a page of this very
 * origin (the Host it was sent to, or PUBLIC_BASE_URL behind a proxy). Referer stands in when a
 * browser omits Origin.
 */
export function sameOrigin(request: Request, publicBaseUrl: string): boolean {
  const origin = request.headers.origin ?? originOf(request.headers.referer);
  if (!origin || origin === 'null') return false;
  const allowed = new Set([`${request.protocol}://${request.get('host') ?? ''}`, originOf(publicBaseUrl)]);
  return allowed.has(origin);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
