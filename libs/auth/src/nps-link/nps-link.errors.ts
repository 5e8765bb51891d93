import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';

export type NpsLinkTokenProblem = 'malformed' | 'tampered' | 'expired';

const MESSAGES: Record<NpsLinkTokenProblem, string> = {
  malformed: 'The NPS link token is malformed',
  tampered: 'The NPS link token signature is invalid',
  expired: 'The NPS link has expired',
};

/** A token that cannot be trusted; `problem` says why. Answers 400 when it reaches the HTTP layer. */
export class InvalidNpsLinkTokenError extends BadRequestException {
  constructor(readonly problem: NpsLinkTokenProblem) {
    super(MESSAGES[problem]);
  }
}

/** NPS_LINK_SECRET is not set: links can be neither signed nor verified. */
export class NpsLinkNotConfiguredError extends ServiceUnavailableException {
  constructor() {
    super('One-click NPS links are disabled: set NPS_LINK_SECRET (at least 32 characters)');
  }
}
