import { Global, Logger, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { ApiKeyEntity } from './api-key.entity';
import { ConsoleSessionEntity } from './session/console-session.entity';
import { ConsoleSessionService } from './session/console-session.service';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { WhoamiController } from './api-keys/whoami.controller';
import { NpsLinkSigner } from './nps-link/nps-link.signer';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { rateLimitOptions } from './rate-limit/rate-limit.options';

/**
 * API keys and roles (one global guard: closed unless an endpoint says otherwise), Redis-backed
 * rate limits, and the NPS link signer.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([ApiKeyEntity, ConsoleSessionEntity]),
    ThrottlerModule.forRootAsync(rateLimitOptions),
  ],
  controllers: [ApiKeysController, WhoamiController],
  providers: [
    ApiKeyService,
    ConsoleSessionService,
    RateLimitGuard,
    NpsLinkSigner,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, ConsoleSessionService, RateLimitGuard, NpsLinkSigner],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const key = this.config.auth.bootstrapAdminKey;
    if (!key) return;
    await this.apiKeys.ensure(key, 'bootstrap', 'admin');
    new Logger('Auth').log('Bootstrap admin key ensured (BOOTSTRAP_ADMIN_KEY)');
  }
}
