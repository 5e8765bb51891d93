import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest } from '@app/auth';

/** Who acts, for the timeline: the name of the API key that made the request. */
export const Author = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.name ?? 'admin',
);
