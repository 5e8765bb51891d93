import { Injectable, Optional } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';
import { Clock, SystemClock } from '@app/clock';
import { InvalidNpsLinkTokenError, NpsLinkNotConfiguredError } from './nps-link.errors';

export interface NpsLinkPayload {
  userId: string;
  surveyId: string;
  /** Second precision: the token carries epoch seconds. */
  expiresAt: Date;
}

interface WirePayload {
  u: string;
  s: string;
  e: number;
}

const MAX_TOKEN_LENGTH = 2048;
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs the one-click NPS link of an e-mail: `<payload>.<signature>`, both base64url, where payload
 * is the JSON `{"u": userId, "s": surveyId, "e": expiry in epoch seconds}` and signature is
 * HMAC-SHA256(NPS_LINK_SECRET, payload part). The payload is readable, not secret; it cannot be
 * changed without the secret.
 */
@Injectable()
export class NpsLinkSigner {
  private readonly clock: Clock;

  constructor(
    private readonly config: AppConfig,
    @Optional() clock?: Clock,
  ) {
    this.clock = clock ?? new SystemClock();
  }

  sign(payload: NpsLinkPayload): string {
    const secret = this.secret();
    if (!payload.userId || !payload.surveyId) throw new Error('userId and surveyId must not be empty');
    if (Number.isNaN(payload.expiresAt.getTime())) throw new Error('expiresAt is not a valid date');
    const wire: WirePayload = {
      u: payload.userId,
      s: payload.surveyId,
      e: Math.floor(payload.expiresAt.getTime() / 1000),
    };
    const body = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
    return `${body}.${mac(secret, body).toString('base64url')}`;
  }

  /** The payload of a genuine, unexpired token; otherwise throws InvalidNpsLinkTokenError. */
  verify(token: string): NpsLinkPayload {
    const secret = this.secret();
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      throw new InvalidNpsLinkTokenError('malformed');
    }
    const parts = token.split('.');
    if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
      throw new InvalidNpsLinkTokenError('malformed');
    }
    const [body, signature] = parts;
    const presented = Buffer.from(signature, 'base64url');
    // Length is not secret (always 32 bytes); the bytes are compared in constant time.
    // Canonical encoding only, so that one signature has exactly one spelling.
    if (
      presented.length !== SIGNATURE_BYTES ||
      presented.toString('base64url') !== signature ||
      !timingSafeEqual(presented, mac(secret, body))
    ) {
      throw new InvalidNpsLinkTokenError('tampered');
    }
    const wire = parseWire(body);
    if (!wire) throw new InvalidNpsLinkTokenError('malformed');
    if (wire.e * 1000 <= this.clock.now().getTime()) throw new InvalidNpsLinkTokenError('expired');
    return { userId: wire.u, surveyId: wire.s, expiresAt: new Date(wire.e * 1000) };
  }

  private secret(): string {
    const secret = this.config.auth.npsLinkSecret;
    if (!secret) throw new NpsLinkNotConfiguredError();
    return secret;
  }
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body, 'utf8').digest();
}

function parseWire(body: string): WirePayload | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const wire = value as Partial<WirePayload> | null;
    if (
      typeof wire?.u === 'string' &&
      wire.u.length > 0 &&
      typeof wire.s === 'string' &&
      wire.s.length > 0 &&
      typeof wire.e === 'number' &&
      Number.isSafeInteger(wire.e)
    ) {
      return { u: wire.u, s: wire.s, e: wire.e };
    }
    return null;
  } catch {
    return null;
  }
}
