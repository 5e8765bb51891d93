import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { IsString, Length } from 'class-validator';
import {
  ConsoleSessionService,
  IpRateLimit,
  Public,
  RequireRole,
  SESSION_COOKIE,
  clearedSessionCookie,
  readCookie,
  sameOrigin,
  sessionCookie,
} from '@app/auth';
import { AppConfig } from '@app/config';

export class SignInDto {
  @IsString()
  @Length(1, 500)
  key: string;
}

/** Sign-in exchanges an API key for a session cookie; sign-out deletes the session everywhere. */
@Controller('console')
export class ConsoleSessionController {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly config: AppConfig,
  ) {}

  /** Rate-limited per client IP (RATE_LIMIT_IP_PER_MINUTE), successes and failures alike. */
  @Public()
  @IpRateLimit()
  @Post('session')
  @HttpCode(200)
  async signIn(
    @Body() body: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ name: string; role: string }> {
    // Login CSRF: another site must not sign a visitor in with the attacker's key.
    if (!sameOrigin(req, this.config.app.publicBaseUrl)) {
      throw new ForbiddenException('Cross-origin sign-in refused: the Origin header is not this console');
    }
    const started = await this.sessions.signIn(body.key.trim());
    if (!started) {
      throw new UnauthorizedException(
        'That key is unknown, revoked or expired, or its role is not admin or viewer',
      );
    }
    res.setHeader('Set-Cookie', sessionCookie(started.token, started.maxAgeSeconds, req.secure));
    return { name: started.principal.name, role: started.principal.role };
  }

  /** The guard has checked the session, its Origin and its CSRF token. */
  @RequireRole('admin', 'viewer')
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await this.sessions.signOut(token);
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
  }
}
