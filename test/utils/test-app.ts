import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppConfig, Env } from '@app/config';
import { ApiKeyService, Role } from '@app/auth';
import { ManualClock } from '@app/clock';
import { createApp } from '../../apps/api/src/app.factory';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi';
import { OpenApiContract } from './openapi-contract';
import { TestIsolation, cleanupIsolation, newIsolation, testConfig } from './test-env';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  isolation: TestIsolation;
  http: TestAgent;
  /** Creates an API key with the role and returns the secret to send as Bearer. */
  keyFor(role: Role): Promise<string>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Boots the real application (same factory, pipes, filters and prefix as production) on its own
 * schema and key prefix. Pass `isolation` to start a second instance on the same data.
 */
export async function createTestApp(
  options: { label?: string; env?: Env; isolation?: TestIsolation; clock?: ManualClock } = {},
): Promise<TestApp> {
  const isolation = options.isolation ?? newIsolation(options.label);
  const config = testConfig(isolation, options.env);
  const app = await createApp(config, { clock: options.clock });
  // Every response is held to the OpenAPI document (failures reported by test/setup/openapi-contract-check.ts).
  app.use(new OpenApiContract(() => buildOpenApiDocument(app)).middleware);
  await app.init();
  const keys = new Map<Role, string>();
  return {
    app,
    config,
    isolation,
    http: request(app.getHttpServer()),
    keyFor: async (role) => {
      const existing = keys.get(role);
      if (existing) return existing;
      const created = await app.get(ApiKeyService).create({ name: `test-${role}`, role });
      keys.set(role, created.key);
      return created.key;
    },
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData && !options.isolation) await cleanupIsolation(isolation);
    },
  };
}
