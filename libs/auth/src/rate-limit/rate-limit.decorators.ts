import { SetMetadata, applyDecorators } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';

export const IP_RATE_LIMIT = 'pulse:ip-rate-limit';

/**
 * Limits a @Public() endpoint per client IP (RATE_LIMIT_IP_PER_MINUTE), e.g. the signed NPS link.
 * Public endpoints are not limited otherwise: health probes and scrapes must never see a 429.
 */
export const IpRateLimit = () => SetMetadata(IP_RATE_LIMIT, true);

/** Opts an endpoint out of every rate limit, including the per-IP count of failed authentications. */
export const SkipRateLimit = () => applyDecorators(SkipThrottle({ default: true }));
