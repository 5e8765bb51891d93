import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ConsoleSessionService, Public, SESSION_COOKIE, SkipRateLimit, readCookie } from '@app/auth';
import { AppConfig } from '@app/config';
import { ConsoleAssets } from './console-assets';
import { LANG_COOKIE, PAGES, PageName, chooseLanguage } from './console-i18n';
import { CONSOLE_CSP, renderPage, renderSignIn } from './console-shell';

/**
 * The console's HTML: one shell per page (navigation, who is signed in, the CSRF token); each page's
 * module then reads the JSON API with the session cookie. Pages are @Public for the API-key guard
 * and check the session themselves, so that a missing session redirects to sign-in instead of a 401.
 */
@Public()
@SkipRateLimit()
@Controller()
export class ConsolePagesController {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly assets: ConsoleAssets,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiResponse({ status: 302, description: 'Redirects to the console (/console/)' })
  root(@Res() res: Response): void {
    res.redirect(302, '/console/');
  }

  @Get('console/sign-in')
  @ApiResponse({ status: 303, description: 'Already signed in: redirects to `next` (or /console/)' })
  async signIn(@Req() req: Request, @Res() res: Response): Promise<void> {
    const next =
      typeof req.query.next === 'string' && /^\/console\//.test(req.query.next)
        ? req.query.next
        : '/console/';
    const token = readCookie(req, SESSION_COOKIE);
    if (token && (await this.sessions.resolve(token))) return res.redirect(303, next);
    this.send(req, res, renderSignIn({ ...this.common(req, res), next }));
  }

  @Get('console')
  @ApiResponse({ status: 303, description: 'No session: redirects to the sign-in page' })
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.page('overview', req, res);
  }

  @Get('console/:page')
  @ApiResponse({ status: 303, description: 'No session: redirects to the sign-in page' })
  async named(@Param('page') page: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const known = PAGES.find((name) => name === page && name !== 'overview');
    if (!known) throw new NotFoundException(`No console page ${page}`);
    return this.page(known, req, res);
  }

  private async page(page: PageName, req: Request, res: Response): Promise<void> {
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) {
      return res.redirect(303, `/console/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    }
    this.send(
      req,
      res,
      renderPage({
        ...this.common(req, res),
        page,
        principal: session.principal,
        csrfToken: session.csrfToken,
      }),
    );
  }

  private common(req: Request, res: Response) {
    const lang = chooseLanguage(req, readCookie(req, LANG_COOKIE));
    if (typeof req.query.lang === 'string') {
      res.append('Set-Cookie', `${LANG_COOKIE}=${lang}; Path=/; SameSite=Lax; Max-Age=31536000`);
    }
    const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    return { assets: this.assets, lang, reportTimeZone: this.config.reports.timeZone, search };
  }

  private send(_req: Request, res: Response, html: string): void {
    res
      .setHeader('Content-Security-Policy', CONSOLE_CSP)
      .setHeader('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
