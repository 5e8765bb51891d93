import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CacheExplorer } from './cache.explorer';
import { CacheService } from './cache.service';

/** `@Cached` / `@CacheEvict` on any provider, over the shared Redis client. Import once, in the root. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [CacheService, CacheExplorer],
  exports: [CacheService],
})
export class CacheModule {}
