import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { errorTypeOf } from '@app/validation';
import { badLinkPage } from './nps-page';

/** One-click links are opened in a browser: errors become an HTML page instead of JSON. */
@Catch()
export class NpsLinkErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(NpsLinkErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.message : String(exception));
    // Labels http_request_errors_total as the global filter does.
    response.locals.errorType = errorTypeOf(exception, status);
    const message = exception instanceof HttpException ? exception.message : 'Unexpected error';
    // Validation messages name fields ("score must not be greater than 10"): show a friendlier line.
    const reason = /token|link/i.test(message)
      ? message
      : 'The link is incomplete or its score is not 0 to 10';
    response
      .status(status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(badLinkPage(status, reason));
  }
}
