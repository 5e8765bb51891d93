import { Module } from '@nestjs/common';
import { ConsoleAssets } from './console-assets';
import { ConsoleAssetsController } from './console-assets.controller';
import { ConsolePagesController } from './console-pages.controller';
import { ConsoleSessionController } from './console-session.controller';

/**
 * The web console: the top floor. It serves HTML shells and static modules; the pages read and write
 * through the feature modules' JSON endpoints with the session cookie, so no report is computed twice.
 */
@Module({
  controllers: [ConsolePagesController, ConsoleAssetsController, ConsoleSessionController],
  providers: [{ provide: ConsoleAssets, useFactory: () => ConsoleAssets.load() }],
})
export class ConsoleModule {}
