import { Controller, Get } from '@nestjs/common';
import type { ApiKeyPrincipal } from '../api-key.service';
import { CurrentPrincipal, RequireRole } from '../auth.decorators';

/** Lets a client check its key: which key, which role. Rate-limited like ingest calls. */
@Controller('auth')
export class WhoamiController {
  @Get('whoami')
  @RequireRole('ingest', 'admin', 'alertmanager', 'viewer')
  whoami(@CurrentPrincipal() principal: ApiKeyPrincipal): ApiKeyPrincipal {
    return { id: principal.id, name: principal.name, role: principal.role };
  }
}
