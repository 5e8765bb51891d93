import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public, SkipRateLimit } from '@app/auth';
import { ConsoleAssets } from './console-assets';

/** Hashed, immutable console files: cached for a year, gzipped when the browser accepts it. */
@Public()
@SkipRateLimit()
@Controller('console/assets')
export class ConsoleAssetsController {
  constructor(private readonly assets: ConsoleAssets) {}

  @Get(':name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`No console asset ${name}`);
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res
      .setHeader('Content-Type', asset.contentType)
      .setHeader('Cache-Control', 'public, max-age=31536000, immutable')
      .setHeader('Vary', 'Accept-Encoding');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? asset.gzipped : asset.body);
  }
}
