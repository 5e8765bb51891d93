import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { RedisHealthIndicator } from './redis.health';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Liveness: the process answers. Dependencies are not checked so that a DB outage does not restart pods. */
  @Get()
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: 503 naming the component (database, redis) that is down. */
  @Get('ready')
  // Above @HealthCheck so it replaces Terminus' 503 schema: the exception filter shapes this body too.
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down; `details` names it',
    schema: {
      allOf: [
        { $ref: '#/components/schemas/ErrorBody' },
        {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['error'] },
            info: { type: 'object' },
            details: { type: 'object', additionalProperties: { type: 'object' } },
          },
        },
      ],
    },
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 1500 }),
      () => this.redis.pingCheck('redis'),
    ]);
  }
}
