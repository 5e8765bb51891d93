import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerException, normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import type { ApiKeyPrincipal } from '../api-key.service';

/** Which budget a request spends: its API key's, or its client IP's. */
export type RateLimitBucket = 'key' | 'ip';

const BUCKET = Symbol('pulse:rate-limit-bucket');
type LimitedRequest = Request & { principal?: ApiKeyPrincipal; [BUCKET]?: RateLimitBucket };

export function bucketOf(context: ExecutionContext): RateLimitBucket {
  return context.switchToHttp().getRequest<LimitedRequest>()[BUCKET] ?? 'ip';
}

/**
 * @nestjs/throttler's guard, driven by ApiKeyGuard rather than registered on its own: only the auth
 * guard knows whether a request is authenticated, so it decides which bucket to charge and calls
 * `limit()`. Keys are per bucket and tracker only (not per route): an API key has one budget across
 * every ingest endpoint.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Counts the request; throws a 429 (with Retry-After) when the bucket is empty. */
  async limit(context: ExecutionContext, bucket: RateLimitBucket): Promise<void> {
    context.switchToHttp().getRequest<LimitedRequest>()[BUCKET] = bucket;
    await this.canActivate(context);
  }

  protected override async getTracker(req: LimitedRequest): Promise<string> {
    if (req[BUCKET] === 'key' && req.principal) return `key:${req.principal.id}`;
    // req.ip honours TRUST_PROXY: X-Forwarded-For decides only when the proxy is trusted.
    return `ip:${normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown', this.ipv6SubnetPrefix)}`;
  }

  /** The storage adds prefix, throttler name and window: `pulse:rl:default:key:<id>:<window>`. */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const per = detail.ttl === 60_000 ? 'minute' : `${detail.ttl / 1000} s`;
    const who = bucketOf(context) === 'key' ? 'API key' : 'client IP';
    throw new ThrottlerException(
      `Too many requests: at most ${detail.limit} per ${per} per ${who}; retry in ${detail.timeToBlockExpire} s`,
    );
  }
}
